import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { pageRequest, toConnection } from '../../../platform/graphql/connections';
import type { RiskContext } from '../context';
import { AlertStatusEnum } from './enums';
import { ResolveFraudAlertInput } from './inputs';
import { pageCursor } from './cursors';
import { FraudAlertConnection, FraudAlertType } from './types';

@Resolver(() => FraudAlertType)
export class FraudAlertResolver {
  @Query(() => FraudAlertConnection, {
    description: 'Fraud alerts, newest first. ANALYSTs only: anyone else gets FORBIDDEN.',
  })
  async fraudAlerts(
    @Ctx() ctx: RiskContext,
    @Arg('status', () => AlertStatusEnum, { nullable: true, description: 'Only alerts in this status.' })
    status?: AlertStatusEnum | null,
    @Arg('first', () => Int, { nullable: true, description: 'How many alerts (default 20, at most 100).' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The cursor after which to continue.' })
    after?: string | null,
  ): Promise<FraudAlertConnection> {
    const page = pageRequest(first, after);
    const rows = await ctx.services.alerts.page(ctx.viewer, {
      status: status ?? null,
      limit: page.first + 1,
      before: pageCursor(page.after, (createdAt, id) => ({ createdAt, id })),
    });
    return toConnection(
      rows,
      page.first,
      (row) => [row.createdAt.toISOString(), row.id],
      FraudAlertType.from,
    ) as FraudAlertConnection;
  }

  @Mutation(() => FraudAlertType, {
    description:
      'Resolves an OPEN alert. FALSE_POSITIVE releases a held payment so it completes (and may snooze the rules ' +
      'that fired for this account and payee); CONFIRMED_FRAUD declines the payment, voids its hold and freezes ' +
      'the account. The note is kept with who resolved it and when. ANALYSTs only.',
  })
  async resolveFraudAlert(
    @Arg('input', () => ResolveFraudAlertInput, { description: 'The alert, the verdict and why.' })
    input: ResolveFraudAlertInput,
    @Ctx() ctx: RiskContext,
  ): Promise<FraudAlertType> {
    return FraudAlertType.from(await ctx.services.alerts.resolve(ctx.viewer, input));
  }
}
