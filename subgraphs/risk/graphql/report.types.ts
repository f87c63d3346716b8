import { Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../../platform/graphql/connections';
import type { StoredAssessment } from '../store/assessment-store';
import type { StoredReport } from '../store/report-store';
import { RiskDecisionEnum } from './enums';
import { AccountRef, PaymentRef } from './types';

@ObjectType('SuspiciousActivityReport', {
  description:
    'A pattern the AML rules report to the compliance team: the account, the rule and the payments in it.',
})
export class SuspiciousActivityReportType {
  @Field(() => ID, { description: 'The report id.' })
  id!: string;

  @Field(() => AccountRef, { description: 'The account whose payments make the pattern.' })
  account!: AccountRef;

  @Field(() => String, { description: 'The rule that saw the pattern, e.g. STRUCTURING.' })
  rule!: string;

  @Field(() => String, { description: 'The pattern, in words.' })
  description!: string;

  @Field(() => [PaymentRef], { description: 'Every payment involved, oldest first.' })
  payments!: PaymentRef[];

  @Field(() => Date, { description: 'When the report was opened.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When a payment was last added to it.' })
  updatedAt!: Date;

  /** The stored report, for the export field. */
  stored!: StoredReport;

  static from(r: StoredReport): SuspiciousActivityReportType {
    return Object.assign(new SuspiciousActivityReportType(), {
      id: r.id,
      account: AccountRef.of(r.accountId),
      rule: r.rule,
      description: r.description,
      payments: r.paymentIds.map(PaymentRef.of),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      stored: r,
    });
  }
}

export const { Connection: SuspiciousActivityReportConnection } = connectionTypes(
  'SuspiciousActivityReport',
  SuspiciousActivityReportType,
);
export type SuspiciousActivityReportConnection = InstanceType<typeof SuspiciousActivityReportConnection>;

@ObjectType('ShadowDecision', {
  description: 'One payment as the active and the candidate rule sets judged it.',
})
export class ShadowDecisionType {
  @Field(() => PaymentRef, { description: 'The payment.' })
  payment!: PaymentRef;

  @Field(() => RiskDecisionEnum, { description: 'What the active rule set decided (what happened).' })
  activeDecision!: RiskDecisionEnum;

  @Field(() => Int, { description: "The active rule set's score." })
  activeScore!: number;

  @Field(() => RiskDecisionEnum, { description: 'What the candidate rule set would have decided.' })
  candidateDecision!: RiskDecisionEnum;

  @Field(() => Int, { description: "The candidate rule set's score." })
  candidateScore!: number;

  @Field(() => [String], { description: 'The rules that fired in the candidate rule set.' })
  candidateReasonCodes!: string[];

  @Field(() => Date, { description: 'When the payment was assessed.' })
  evaluatedAt!: Date;

  static from(a: StoredAssessment): ShadowDecisionType {
    return Object.assign(new ShadowDecisionType(), {
      payment: PaymentRef.of(a.paymentId),
      activeDecision: a.decision,
      activeScore: a.score,
      candidateDecision: a.shadow?.decision ?? a.decision,
      candidateScore: a.shadow?.score ?? a.score,
      candidateReasonCodes: a.shadow?.reasons.map((reason) => reason.code) ?? [],
      evaluatedAt: a.evaluatedAt,
    });
  }
}

export const { Connection: ShadowDecisionConnection } = connectionTypes('ShadowDecision', ShadowDecisionType);
export type ShadowDecisionConnection = InstanceType<typeof ShadowDecisionConnection>;

@ObjectType('ShadowRuleSet', {
  description:
    'The candidate rule set, judged on live traffic beside the active one without deciding anything.',
})
export class ShadowRuleSetType {
  @Field(() => String, { description: 'The version of the active rule set, the one that decides.' })
  activeVersion!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The version of the candidate; null when none is configured.',
  })
  candidateVersion?: string | null;

  @Field(() => Int, { description: 'How many payments the candidate judged.' })
  evaluated!: number;

  @Field(() => Int, { description: 'On how many of them it would have decided otherwise.' })
  changed!: number;
}
