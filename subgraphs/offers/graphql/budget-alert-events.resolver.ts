import { Arg, Ctx, ID, Resolver, Subscription } from 'type-graphql';
import { ScopedAccess } from '../../../platform/auth';
import { BadInput, NotFound } from '../../../platform/errors';
import { servedAtTheGateway, subscriptionEventOf } from '../../../platform/graphql/subscription-event';
import { OfferEvents } from '../contract';
import type { OffersContext } from '../context';
import type { BudgetAlert } from '../store/budget-alert.entity';
import { BudgetAlertType } from './types';

const BUDGET_EVENTS = [OfferEvents.budgetThreshold];

@Resolver()
export class BudgetAlertEventsResolver {
  @Subscription(() => BudgetAlertType, {
    subscribe: servedAtTheGateway,
    description:
      'Your budgets passing 80 % and 100 % of their limits, as it happens (once per threshold per month); ' +
      "`after` (an alert's eventId) replays what came after it first.",
  })
  async budgetAlerts(
    @Arg('after', () => ID, { nullable: true, description: 'The eventId of the last alert you have.' })
    _after: string | undefined,
    @Ctx() ctx: OffersContext,
  ): Promise<BudgetAlertType> {
    const delivered = subscriptionEventOf(ctx, BUDGET_EVENTS);
    if (!delivered) throw new BadInput('Subscribe over graphql-ws at the gateway');
    const { data } = delivered.event;
    const access = new ScopedAccess(ctx.viewer, 'events:subscribe', (partnerAppId, accountId) =>
      ctx.loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
    );
    if (!(await access.canReadAccount(data.accountId))) throw new NotFound('BudgetAlert', data.alertId);
    const alert = {
      id: data.alertId,
      accountId: data.accountId,
      budgetId: data.budgetId,
      category: data.category,
      month: data.month,
      threshold: data.thresholdPercent,
      spentMinor: data.spentMinor,
      limitMinor: data.limitMinor,
      currency: data.currency,
      paymentId: data.paymentId,
      crossedAt: new Date(data.crossedAt),
    } as BudgetAlert;
    return Object.assign(BudgetAlertType.from(alert), { eventId: delivered.id });
  }
}
