import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RiskContext } from '../context';
import { PaymentRef, RiskAssessmentType } from './types';

/** What risk contributes to the payments subgraph's Payment. */
@Resolver(() => PaymentRef)
export class PaymentRiskResolver {
  @FieldResolver(() => RiskAssessmentType, {
    nullable: true,
    description:
      "Risk's decision about the payment, with its reasons and the rule-set version. For the payer, analysts and " +
      'partner apps granted payments:read; null for anyone else, and for a payment risk does not score (a reward).',
  })
  async riskAssessment(
    @Root() payment: PaymentRef,
    @Ctx() ctx: RiskContext,
  ): Promise<RiskAssessmentType | null> {
    const assessment = await ctx.loaders.assessmentByPayment.load(payment.id);
    if (!assessment || !(await ctx.access.canReadAccount(assessment.accountId))) return null;
    return RiskAssessmentType.from(assessment);
  }
}
