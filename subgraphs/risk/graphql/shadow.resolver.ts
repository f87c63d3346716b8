import { Arg, Ctx, FieldResolver, Int, Query, Resolver } from 'type-graphql';
import { pageRequest, toConnection } from '../../../platform/graphql/connections';
import type { RiskContext } from '../context';
import { pageCursor } from './cursors';
import { ShadowDecisionConnection, ShadowDecisionType, ShadowRuleSetType } from './report.types';

@Resolver(() => ShadowRuleSetType)
export class ShadowResolver {
  @Query(() => ShadowRuleSetType, {
    description:
      'How the candidate rule set (evaluated beside the active one, deciding nothing) compares: how many ' +
      'decisions it would have changed, and which. ANALYSTs only.',
  })
  async shadowRuleSet(@Ctx() ctx: RiskContext): Promise<ShadowRuleSetType> {
    return Object.assign(new ShadowRuleSetType(), await ctx.services.shadow.summary(ctx.viewer));
  }

  @FieldResolver(() => ShadowDecisionConnection, {
    description:
      'The payments the candidate judged, newest first: by default only those it would have decided otherwise.',
  })
  async decisions(
    @Ctx() ctx: RiskContext,
    @Arg('changedOnly', () => Boolean, {
      defaultValue: true,
      description: 'Only the decisions it would have changed.',
    })
    changedOnly: boolean,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The cursor after which to continue.' })
    after?: string | null,
  ): Promise<ShadowDecisionConnection> {
    const page = pageRequest(first, after);
    const rows = await ctx.services.shadow.changes(ctx.viewer, {
      changedOnly,
      limit: page.first + 1,
      before: pageCursor(page.after, (evaluatedAt, paymentId) => ({ evaluatedAt, paymentId })),
    });
    return toConnection(
      rows,
      page.first,
      (row) => [row.evaluatedAt.toISOString(), row.paymentId],
      ShadowDecisionType.from,
    ) as ShadowDecisionConnection;
  }
}
