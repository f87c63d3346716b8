import { createHash } from 'node:crypto';
import { print } from 'graphql';
import type { EventLog, LoggedEvent } from '../../platform/bus';
import { BadInput, RateLimited } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from '../auth';
import type { Feed } from './feeds';
import type { SubscriptionPlanner } from './plans';
import type { SharedOperation } from './shared-operation';
import { Source, type Principal } from './source';
import { Subscriber, type SubscriberConnection, type SubscriberLimits } from './subscriber';

/** How many logged events one replay reads at a time. */
const REPLAY_PAGE = 200;

export interface HubOptions extends SubscriberLimits {
  /** Open subscriptions one account (or partner app) may hold on this gateway. */
  maxPerAccount: number;
}

/** One client's new subscription, checked and shared already. */
export interface SubscribeRequest {
  feed: Feed;
  operation: SharedOperation;
  context: GatewayContext;
  principal: Principal;
  expiresAt: number;
  connection: SubscriberConnection;
}

/**
 * The gateway's subscriptions: it follows the event log once, hands each event to the sources
 * it may concern (a customer's sources only for events on its accounts), and keeps the sources
 * shared: the first client of a subscription opens its source, the last one closes it.
 */
export class SubscriptionHub {
  private readonly sources = new Map<string, Source>();
  /** Customers' sources by account; analysts' and partners' sources see every event. */
  private readonly byAccount = new Map<string, Set<Source>>();
  private readonly broad = new Set<Source>();
  private readonly perHolder = new Map<string, number>();
  private stopFollowing?: () => void;

  constructor(
    private readonly log: EventLog,
    private readonly planner: SubscriptionPlanner,
    private readonly options: HubOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopFollowing = this.log.follow((event) => this.dispatch(event));
  }

  /** Where the log stands: what a subscription without `after` starts after. */
  head(): bigint {
    return this.log.head();
  }

  /**
   * Checks that `after` names an event this log holds (or held up to now): a later one does not
   * exist yet, an earlier one than the log keeps cannot be replayed without a gap.
   */
  async checkResumable(after: string): Promise<bigint> {
    if (!/^\d{1,20}$/.test(after))
      throw new BadInput('after must be the id of an event you received', 'after');
    const position = BigInt(after);
    if (position > this.log.head()) throw new BadInput('after names no event of this log', 'after');
    const oldest = await this.log.oldest();
    if (oldest > 0n && position < oldest - 1n) {
      throw new BadInput('after is older than the events still kept; subscribe without after', 'after');
    }
    return position;
  }

  /** Opens a subscription; with `after`, what came after it is replayed first. */
  subscribe(request: SubscribeRequest, after: bigint | undefined): Subscriber {
    const holder = holderOf(request.principal, request.context);
    const held = this.perHolder.get(holder) ?? 0;
    if (held >= this.options.maxPerAccount) {
      throw new RateLimited(`At most ${this.options.maxPerAccount} open subscriptions per account`);
    }
    this.perHolder.set(holder, held + 1);
    const head = this.log.head();
    const subscriber = new Subscriber(
      request.context,
      request.expiresAt,
      after ?? head,
      after !== undefined,
      this.options,
      request.connection,
    );
    const source = this.sourceFor(request);
    source.subscribers.add(subscriber);
    subscriber.onClose(() => {
      this.perHolder.set(holder, (this.perHolder.get(holder) ?? 1) - 1);
      if (this.perHolder.get(holder) === 0) this.perHolder.delete(holder);
      source.subscribers.delete(subscriber);
      if (source.subscribers.size === 0) this.closeSource(source);
    });
    if (after !== undefined) {
      // Live events from now are held by the subscriber; the replay reads up to `head`.
      void this.replay(source, subscriber, after, head).catch((error) => {
        this.logger.error({ err: error }, 'replay failed');
        subscriber.end();
      });
    }
    return subscriber;
  }

  /** Ends every subscription (shutdown); their clients resume elsewhere with `after`. */
  close(): void {
    this.stopFollowing?.();
    for (const source of [...this.sources.values()]) {
      for (const subscriber of [...source.subscribers]) subscriber.end();
    }
  }

  private dispatch(event: LoggedEvent): void {
    const data = dataOf(event);
    if (!data) return;
    const reached = new Set<Source>(this.broad);
    // Any of the event's fields may name an account: a cheap pre-filter, each source checks exactly.
    for (const value of Object.values(data)) {
      if (typeof value !== 'string') continue;
      for (const source of this.byAccount.get(value) ?? []) reached.add(source);
    }
    for (const source of reached) if (source.concerns(event, data)) source.push(event);
  }

  private async replay(source: Source, subscriber: Subscriber, after: bigint, upTo: bigint): Promise<void> {
    let cursor = after;
    while (cursor < upTo && !subscriber.closed) {
      const page = await this.log.read(cursor, upTo, REPLAY_PAGE);
      if (page.length === 0) break;
      for (const event of page) {
        cursor = event.position;
        if (subscriber.closed) return;
        if (!source.concerns(event, dataOf(event))) continue;
        const result = await source.resolve(event, subscriber.context);
        if (result) subscriber.replayed(event.position, result);
        await subscriber.room();
      }
    }
    subscriber.replayDone(upTo);
  }

  private sourceFor(request: SubscribeRequest): Source {
    const { operation, principal, feed } = request;
    const key = createHash('sha256')
      .update(JSON.stringify([principal, operation.operationName ?? null, operation.variables]))
      .update(print(operation.document))
      .digest('hex');
    let source = this.sources.get(key);
    if (source) return source;
    const planned = this.planner.plan(operation.document, operation.operationName);
    source = new Source(key, feed, principal, operation, planned, this.planner, this.logger);
    this.sources.set(key, source);
    if (principal.kind === 'account') {
      let set = this.byAccount.get(principal.accountId);
      if (!set) this.byAccount.set(principal.accountId, (set = new Set()));
      set.add(source);
    } else this.broad.add(source);
    return source;
  }

  private closeSource(source: Source): void {
    if (this.sources.get(source.key) !== source) return;
    this.sources.delete(source.key);
    this.broad.delete(source);
    if (source.principal.kind === 'account') {
      const set = this.byAccount.get(source.principal.accountId);
      set?.delete(source);
      if (set?.size === 0) this.byAccount.delete(source.principal.accountId);
    }
    source.close();
  }
}

function dataOf(event: LoggedEvent): Record<string, unknown> | undefined {
  try {
    return (JSON.parse(event.payload) as { data?: Record<string, unknown> }).data;
  } catch {
    return undefined;
  }
}

function holderOf(principal: Principal, context: GatewayContext): string {
  if (principal.kind === 'partner') return `partner:${principal.appId}`;
  return context.viewer.kind === 'account' ? `account:${context.viewer.accountId}` : 'anonymous';
}
