// Inputs are checked in the domain (one place, with the `input.` field names of the API).
import { Field, ID, InputType } from 'type-graphql';
import { AlertResolutionEnum, BlockListKindEnum } from './enums';

@InputType('ResolveFraudAlertInput', { description: "An analyst's verdict on a fraud alert." })
export class ResolveFraudAlertInput {
  @Field(() => ID, { description: 'The alert.' })
  alertId!: string;

  @Field(() => AlertResolutionEnum, { description: 'Fraud, or not.' })
  resolution!: AlertResolutionEnum;

  @Field(() => String, { description: 'Why (1-2000 characters); kept with who resolved it and when.' })
  note!: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'FALSE_POSITIVE only: silence the rules that fired for this account and payee for the configured time, ' +
      'so the customer is not stopped twice for the same thing.',
  })
  snooze?: boolean | null;
}

@InputType('AddBlockListEntryInput', { description: 'Something to block.' })
export class AddBlockListEntryInput {
  @Field(() => BlockListKindEnum, { description: 'What the value names.' })
  kind!: BlockListKindEnum;

  @Field(() => String, {
    description: 'An account id, a merchant name, a funding source id or a fingerprint.',
  })
  value!: string;

  @Field(() => String, { description: 'Why (1-500 characters).' })
  reason!: string;
}
