import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../../platform/graphql/connections';
import type { StoredAlert } from '../store/alert-store';
import type { StoredAssessment } from '../store/assessment-store';
import type { BlockListEntry } from '../store/list-store';
import type { Reason } from '../domain/scoring';
import { AlertSeverityEnum, AlertStatusEnum, BlockListKindEnum, RiskDecisionEnum } from './enums';

/** The accounts subgraph's Account, known here by its key only. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A person who signs in to the wallet: a customer or an analyst.' })
export class AccountRef {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  static of(id: string): AccountRef {
    return Object.assign(new AccountRef(), { id });
  }
}

/** The payments subgraph's Payment, known here by its key only. */
@Directive('@key(fields: "id")')
@ObjectType('Payment', {
  description: 'Money moving into, out of or between wallets, and where that stands.',
})
export class PaymentRef {
  @Field(() => ID, { description: 'The payment id.' })
  id!: string;

  static of(id: string): PaymentRef {
    return Object.assign(new PaymentRef(), { id });
  }
}

@ObjectType('RiskReason', { description: 'One reason behind a risk score.' })
export class RiskReasonType {
  @Field(() => String, {
    description: 'The rule that fired: LARGE_AMOUNT, VELOCITY, STRUCTURING, NEW_PAYEE, ….',
  })
  code!: string;

  @Field(() => String, { description: 'What it means, in a sentence a customer-support agent can read out.' })
  description!: string;

  @Field(() => Int, {
    description: "The points this reason added; a decision's contributions add up to its score.",
  })
  contribution!: number;

  static from(reason: Reason): RiskReasonType {
    return Object.assign(new RiskReasonType(), reason);
  }
}

@ObjectType('RiskAssessment', { description: "Risk's decision about a payment, and why." })
export class RiskAssessmentType {
  @Field(() => Int, { description: 'The score, 0 (nothing suspicious) to 100.' })
  score!: number;

  @Field(() => RiskDecisionEnum, { description: 'The decision the score falls in.' })
  decision!: RiskDecisionEnum;

  @Field(() => [RiskReasonType], { description: 'The rules that fired, strongest first.' })
  reasons!: RiskReasonType[];

  @Field(() => Date, { description: 'When the payment was assessed.' })
  evaluatedAt!: Date;

  @Field(() => String, {
    description: 'The version of the rule set that decided; "fail-safe" when risk did not answer in time.',
  })
  ruleSetVersion!: string;

  static from(a: StoredAssessment): RiskAssessmentType {
    return Object.assign(new RiskAssessmentType(), {
      score: a.score,
      decision: a.decision,
      reasons: a.reasons.map(RiskReasonType.from),
      evaluatedAt: a.evaluatedAt,
      ruleSetVersion: a.ruleSetVersion,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('FraudAlert', { description: 'A payment or pattern that risk wants an analyst to look at.' })
export class FraudAlertType {
  @Field(() => ID, { description: 'The alert id.' })
  id!: string;

  @Field(() => AccountRef, { description: 'The account the alert is about.' })
  account!: AccountRef;

  @Field(() => PaymentRef, { nullable: true, description: 'The payment that raised it.' })
  payment?: PaymentRef | null;

  @Field(() => AlertSeverityEnum, { description: 'How urgent it is.' })
  severity!: AlertSeverityEnum;

  @Field(() => AlertStatusEnum, { description: 'Open, or how an analyst resolved it.' })
  status!: AlertStatusEnum;

  @Field(() => Int, { description: 'The risk score that raised it.' })
  score!: number;

  @Field(() => [RiskReasonType], { description: 'Why it was raised.' })
  reasons!: RiskReasonType[];

  @Field(() => Date, { description: 'When it was raised.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When an analyst resolved it.' })
  resolvedAt?: Date | null;

  @Field(() => AccountRef, { nullable: true, description: 'The analyst who resolved it.' })
  resolvedBy?: AccountRef | null;

  @Field(() => String, { nullable: true, description: "The analyst's note on the resolution: why." })
  resolutionNote?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'On a subscription, the id of the event that delivered this alert: pass it as `after` to resume. Null elsewhere.',
  })
  eventId?: string | null;

  static from(a: StoredAlert): FraudAlertType {
    return Object.assign(new FraudAlertType(), {
      id: a.id,
      account: AccountRef.of(a.accountId),
      payment: a.paymentId ? PaymentRef.of(a.paymentId) : null,
      severity: a.severity,
      status: a.status,
      score: a.score,
      reasons: a.reasons.map(RiskReasonType.from),
      createdAt: a.createdAt,
      resolvedAt: a.resolvedAt,
      resolvedBy: a.resolvedBy ? AccountRef.of(a.resolvedBy) : null,
      resolutionNote: a.resolutionNote,
    });
  }
}

export const { Connection: FraudAlertConnection } = connectionTypes('FraudAlert', FraudAlertType);
export type FraudAlertConnection = InstanceType<typeof FraudAlertConnection>;

@ObjectType('BlockListEntry', {
  description: 'Something analysts have blocked: a payment that involves it fires LISTED.',
})
export class BlockListEntryType {
  @Field(() => ID, { description: 'The entry id.' })
  id!: string;

  @Field(() => BlockListKindEnum, { description: 'What the value names.' })
  kind!: BlockListKindEnum;

  @Field(() => String, {
    description: 'The blocked account id, merchant name, funding source id or fingerprint.',
  })
  value!: string;

  @Field(() => String, { description: 'Why it is blocked.' })
  reason!: string;

  @Field(() => AccountRef, { description: 'The analyst who added it.' })
  createdBy!: AccountRef;

  @Field(() => Date, { description: 'When it was added.' })
  createdAt!: Date;

  static from(e: BlockListEntry): BlockListEntryType {
    return Object.assign(new BlockListEntryType(), {
      id: e.id,
      kind: e.kind as BlockListKindEnum,
      value: e.value,
      reason: e.reason,
      createdBy: AccountRef.of(e.createdBy),
      createdAt: e.createdAt,
    });
  }
}
