import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A partner app that follows the transaction events of the accounts that granted it
 * `events:subscribe`: it gets a token with its client credentials, subscribes over graphql-ws,
 * remembers the id of the last event it handled in a file, and after any disconnect (a restart,
 * a token that expired, a gateway that went away, being too slow) subscribes again with
 * `after` that id, so it handles every event exactly once. It renews its token before it
 * expires and moves to a fresh connection then.
 */
export interface PartnerAppOptions {
  /** The graph's URL, e.g. http://127.0.0.1:4000/graphql (ws:// is derived from it). */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Where the last handled event id is kept across restarts. */
  stateFile: string;
  /**
   * Where a first run (no state file yet) starts: after this event id; '0' for everything the
   * graph's log still holds (7 days); absent for live events only.
   */
  startAfter?: string;
  /** Handles one event; the app records it as handled once this resolves. */
  onEvent(event: TransactionEvent): Promise<void> | void;
  /** Told when the app renews its token or reconnects, for logs. */
  onStatus?(status: string): void;
}

export interface TransactionEvent {
  id: string;
  type: string;
  occurredAt: string;
  payment: { id: string; kind: string; status: string; amount: { amount: string; currency: string } };
}

export interface RunningPartnerApp {
  /** Stops the subscription and closes the connection. */
  stop(): Promise<void>;
}

const EVENTS = /* GraphQL */ `
  subscription PartnerEvents($after: ID) {
    transactionEvents(after: $after) {
      id
      type
      occurredAt
      payment {
        id
        kind
        status
        amount {
          amount
          currency
        }
      }
    }
  }
`;

/** How long before its expiry a token is renewed. */
const RENEW_BEFORE_MS = 1_000;
/** The longest wait between two attempts to reconnect. */
const MAX_BACKOFF_MS = 10_000;

export async function startPartnerApp(options: PartnerAppOptions): Promise<RunningPartnerApp> {
  const status = options.onStatus ?? (() => undefined);
  let last = readState(options.stateFile) ?? options.startAfter ?? null;
  let stopped = false;
  let client: Client | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const token = await partnerToken(options);
    const expiresInMs = tokenExpiry(token) - Date.now();
    const current = createClient({
      url: options.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
    });
    client = current;
    // Renew before expiry: a fresh token on a fresh connection, resuming after the last event.
    clearTimeout(renewTimer);
    renewTimer = setTimeout(
      () => reconnect(current, 'renewing the token', 0),
      Math.max(0, expiresInMs - RENEW_BEFORE_MS),
    );
    let handling = Promise.resolve();
    current.subscribe<{ transactionEvents: TransactionEvent }>(
      { query: EVENTS, variables: { after: last } },
      {
        next: (result) => {
          const event = result.data?.transactionEvents;
          if (!event) return;
          failures = 0;
          // One at a time, in order; an id at or before the last one handled is a duplicate.
          handling = handling.then(async () => {
            if (last !== null && BigInt(event.id) <= BigInt(last)) return;
            await options.onEvent(event);
            last = event.id;
            writeState(options.stateFile, last);
          });
        },
        error: (error) => reconnect(current, describe(error)),
        complete: () => reconnect(current, 'completed'),
      },
    );
  };

  const reconnect = (ended: Client, why: string, wait = Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures++)) => {
    if (stopped || ended !== client) return;
    client = undefined;
    void ended.dispose();
    status(`reconnecting in ${wait} ms (${why})`);
    setTimeout(() => void connect().catch((error) => reconnect(ended, describe(error))), wait).unref();
  };

  await connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(renewTimer);
      await client?.dispose();
    },
  };
}

/** A token for the app from its client credentials. */
async function partnerToken(options: PartnerAppOptions): Promise<string> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation ($id: String!, $secret: String!) { partnerToken(clientId: $id, clientSecret: $secret) }',
      variables: { id: options.clientId, secret: options.clientSecret },
    }),
  });
  const body = (await response.json()) as {
    data?: { partnerToken?: string };
    errors?: { message: string }[];
  };
  if (!body.data?.partnerToken) throw new Error(`no token: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data.partnerToken;
}

/** When a JWT expires, from its payload (the app only reads it; the graph verifies it). */
function tokenExpiry(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    exp: number;
  };
  return payload.exp * 1000;
}

function readState(file: string): string | null {
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { after: string | null }).after;
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
function writeState(file: string, after: string): void {
  writeFileSync(`${file}.tmp`, JSON.stringify({ after }));
  renameSync(`${file}.tmp`, file);
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const { code, reason } = error as { code: number; reason?: string };
    return `closed ${code}${reason ? `: ${reason}` : ''}`;
  }
  return error instanceof Error ? error.message : JSON.stringify(error);
}

if (require.main === module) {
  const {
    GRAPH_URL = 'http://127.0.0.1:4000/graphql',
    PARTNER_CLIENT_ID,
    PARTNER_CLIENT_SECRET,
  } = process.env;
  if (!PARTNER_CLIENT_ID || !PARTNER_CLIENT_SECRET) {
    console.error(
      'Set PARTNER_CLIENT_ID and PARTNER_CLIENT_SECRET (from registerPartnerApp); see README.md here.',
    );
    process.exit(1);
  }
  void startPartnerApp({
    url: GRAPH_URL,
    clientId: PARTNER_CLIENT_ID,
    clientSecret: PARTNER_CLIENT_SECRET,
    stateFile: process.env.STATE_FILE ?? 'partner-app.state.json',
    startAfter: process.env.START_AFTER,
    onEvent: (event) => {
      const { kind, amount, status } = event.payment;
      process.stdout.write(
        `${event.id} ${event.type} ${kind} ${amount.amount} ${amount.currency} ${status}\n`,
      );
    },
    onStatus: (message) => console.error(message),
  }).then((app) => {
    process.on('SIGINT', () => void app.stop().then(() => process.exit(0)));
    process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
  });
}
