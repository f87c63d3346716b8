import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireAnalyst } from '../../../platform/auth';
import type { RiskContext } from '../context';
import { AlertStatusEnum } from './enums';
import { AccountRef, FraudAlertType } from './types';

/** What risk contributes to the accounts subgraph's Account. */
@Resolver(() => AccountRef)
export class AccountAlertsResolver {
  @FieldResolver(() => [FraudAlertType], {
    description: "The account's fraud alerts, newest first. ANALYSTs only: anyone else gets FORBIDDEN.",
  })
  async fraudAlerts(
    @Root() account: AccountRef,
    @Ctx() ctx: RiskContext,
    @Arg('status', () => AlertStatusEnum, { nullable: true, description: 'Only alerts in this status.' })
    status?: AlertStatusEnum | null,
  ): Promise<FraudAlertType[]> {
    requireAnalyst(ctx.viewer);
    const alerts = await ctx.loaders.alertsByAccount.load(status ? `${account.id}:${status}` : account.id);
    return alerts.map(FraudAlertType.from);
  }
}
