import { createHash } from 'node:crypto';
import { NatsError, type JetStreamManager, type StreamConfig } from 'nats';

// Names and server-side setup of the NATS bus: subjects, durable consumer names, the stream and
// its consumers.

/**
 * The subject filter of a subscription to some event types under `prefix`: the exact subject
 * for one type, else the widest wildcard they share (NATS 2.9 takes one filter per consumer);
 * decoding drops the types the subscription does not want.
 */
export function filterSubject(prefix: string, types: readonly string[]): string {
  for (const type of types) subjectToken(type);
  if (types.length === 1) return `${prefix}.${types[0]}`;
  const split = types.map((type) => type.split('.'));
  const shared: string[] = [];
  for (let i = 0; split.every((tokens) => i < tokens.length - 1 && tokens[i] === split[0][i]); i++) {
    shared.push(split[0][i]);
  }
  return shared.length ? `${prefix}.${shared.join('.')}.>` : `${prefix}.>`;
}

/**
 * A durable name unique per group and filter (a group may follow several filters, each its own
 * consumer), made of the characters NATS allows, with a hash so that sanitising never merges two.
 */
export function durableName(consumer: string, filter: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const hash = createHash('sha256').update(`${consumer}\n${filter}`).digest('hex').slice(0, 8);
  return `${safe(consumer)}__${safe(filter)}_${hash}`;
}

/** An event type as subject tokens: non-empty, no wildcards or whitespace. */
export function subjectToken(type: string): string {
  if (!/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(type)) throw new Error(`"${type}" cannot be a NATS subject`);
  return type;
}

/** Creates the stream, or brings an existing one to this configuration (its storage cannot change). */
export async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
      return;
    } catch (raced) {
      // Another process created it between the two calls: fall through to the update.
      if (!(raced instanceof NatsError) || !raced.isJetStreamError()) throw raced;
    }
  }
  await jsm.streams.update(config.name, config);
}

/** Creates the durable consumer; if it exists with other settings, updates the ones NATS allows. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Parameters<JetStreamManager['consumers']['add']>[1] & { durable_name: string },
): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!(error instanceof NatsError) || !error.isJetStreamError()) throw error;
    await jsm.consumers.update(stream, config.durable_name, {
      description: config.description,
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
    });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.api_error?.code === 404;
}
