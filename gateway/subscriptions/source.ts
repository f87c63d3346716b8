import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { LoggedEvent } from '../../platform/bus';
import { formatError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from '../auth';
import type { Feed } from './feeds';
import { eventsResolved, subscriptionSources } from './metrics';
import type { PlannedSubscription, SubscriptionPlanner } from './plans';
import type { SharedOperation } from './shared-operation';
import type { Subscriber } from './subscriber';

/** Who a source resolves events for: clients of one principal see the same events the same way. */
export type Principal =
  { kind: 'account'; accountId: string } | { kind: 'analyst' } | { kind: 'partner'; appId: string };

/**
 * One upstream source: a subscription (operation, arguments but `after`) for one principal,
 * shared by every client that subscribes to it on this gateway. Each event is resolved once for
 * all of them, with the credentials of one of them, and delivered to each in log order.
 */
export class Source {
  readonly subscribers = new Set<Subscriber>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly key: string,
    readonly feed: Feed,
    readonly principal: Principal,
    readonly operation: SharedOperation,
    private readonly planned: PlannedSubscription,
    private readonly planner: SubscriptionPlanner,
    private readonly logger: Logger,
  ) {
    subscriptionSources.inc();
  }

  /** Whether an event may concern this source's clients at all (the subgraph decides the rest). */
  concerns(event: LoggedEvent, data: Record<string, unknown> | undefined): boolean {
    if (!this.feed.types.has(event.type)) return false;
    if (this.principal.kind !== 'account') return true;
    return data !== undefined && this.feed.accountsOf(data).includes(this.principal.accountId);
  }

  /** A live event: resolved now, delivered after the ones before it. */
  push(event: LoggedEvent): void {
    const context = this.credentials();
    if (!context) return;
    const resolving = this.resolve(event, context);
    this.chain = this.chain.then(async () => {
      const result = await resolving;
      if (result) for (const subscriber of this.subscribers) subscriber.live(event.position, result);
    });
  }

  /**
   * One event as `context`'s client may see it: undefined when it is not theirs (the owner
   * answers NOT_FOUND), else the result, with any other subgraph's failure as an error beside
   * the data, as for a query.
   */
  async resolve(event: LoggedEvent, context: GatewayContext): Promise<ExecutionResult | undefined> {
    eventsResolved.inc();
    let result: ExecutionResult;
    try {
      result = await this.planner.execute(
        this.planned,
        this.operation.variables,
        this.operation.operationName,
        {
          ...context,
          event: { position: event.position.toString(), type: event.type, payload: event.payload },
        },
      );
    } catch (error) {
      this.logger.error({ err: error, position: event.position.toString() }, 'subscription event failed');
      result = { data: null, errors: [new GraphQLError('The event could not be resolved')] };
    }
    const root = (result.data as Record<string, unknown> | null | undefined)?.[this.rootKey()];
    if (root == null && result.errors?.some((error) => error.extensions?.code === 'NOT_FOUND'))
      return undefined;
    return result.errors?.length ? { ...result, errors: result.errors.map(formatted) as never } : result;
  }

  close(): void {
    subscriptionSources.dec();
  }

  /** The newest subscriber whose token is still good resolves for all. */
  private credentials(): GatewayContext | undefined {
    let chosen: Subscriber | undefined;
    const now = Date.now();
    for (const subscriber of this.subscribers) if (subscriber.expiresAt > now) chosen = subscriber;
    return chosen?.context;
  }

  private rootKey(): string {
    return this.operation.responseKey;
  }
}

function formatted(error: GraphQLError): GraphQLFormattedError {
  return formatError(error.toJSON(), error);
}
