import { Arg, Ctx, ID, Resolver, Subscription } from 'type-graphql';
import { ScopedAccess } from '../../../platform/auth';
import { BadInput, NotFound } from '../../../platform/errors';
import { servedAtTheGateway, subscriptionEventOf } from '../../../platform/graphql/subscription-event';
import { RISK_EVENTS } from '../contract';
import type { RiskContext } from '../context';
import { FraudAlertType } from './types';

@Resolver()
export class FraudAlertEventsResolver {
  @Subscription(() => FraudAlertType, {
    subscribe: servedAtTheGateway,
    description:
      "Fraud alerts as they are raised and resolved: your own account's, or (for an ANALYST) every account's " +
      "or one account's. `after` (an alert's eventId) replays what came after it first.",
  })
  async fraudAlerts(
    @Arg('accountId', () => ID, {
      nullable: true,
      description: 'One account; yours (or, for an analyst, all) when absent.',
    })
    accountId: string | undefined,
    @Arg('after', () => ID, { nullable: true, description: 'The eventId of the last alert you have.' })
    _after: string | undefined,
    @Ctx() ctx: RiskContext,
  ): Promise<FraudAlertType> {
    const delivered = subscriptionEventOf(ctx, RISK_EVENTS);
    if (!delivered) throw new BadInput('Subscribe over graphql-ws at the gateway');
    const { data } = delivered.event;
    const access = new ScopedAccess(ctx.viewer, 'events:subscribe', (partnerAppId, account) =>
      ctx.loaders.consentScopes.load(`${partnerAppId}:${account}`),
    );
    const wanted = !accountId || accountId === data.accountId;
    if (!wanted || !(await access.canReadAccount(data.accountId)))
      throw new NotFound('FraudAlert', data.alertId);
    const alert = await ctx.loaders.alertById.load(data.alertId);
    if (!alert) throw new NotFound('FraudAlert', data.alertId);
    // The alert as this event left it: a replayed raise reads OPEN even if resolved since.
    const asItWas =
      'resolution' in data
        ? {
            ...alert,
            status: data.status,
            resolvedAt: new Date(data.resolvedAt),
            resolvedBy: data.resolvedBy,
            resolutionNote: data.note,
          }
        : { ...alert, status: data.status, resolvedAt: null, resolvedBy: null, resolutionNote: null };
    return Object.assign(FraudAlertType.from(asItWas), { eventId: delivered.id });
  }
}
