import { Arg, Ctx, Field, ID, ObjectType, registerEnumType, Resolver, Subscription } from 'type-graphql';
import { AccessPolicy } from '../domain/access';
import { servedAtTheGateway, subscriptionEventOf } from '../../../platform/graphql/subscription-event';
import { BadInput } from '../../../platform/errors';
import type { PaymentsContext } from '../context';
import {
  TRANSACTION_EVENTS,
  transactionEvent,
  type TransactionEventType,
} from '../domain/transaction-events';
import { PaymentNode } from './types';

const TransactionEventTypeEnum = {
  CREATED: 'CREATED',
  STATUS_CHANGED: 'STATUS_CHANGED',
  COMPLETED: 'COMPLETED',
  DECLINED: 'DECLINED',
} as const satisfies Record<TransactionEventType, TransactionEventType>;

registerEnumType(TransactionEventTypeEnum, {
  name: 'TransactionEventType',
  description: 'What happened to the payment.',
  valuesConfig: {
    CREATED: { description: 'The payment was recorded (PENDING).' },
    STATUS_CHANGED: { description: 'It now waits: for a verification code, or for an analyst.' },
    COMPLETED: { description: 'The money moved.' },
    DECLINED: { description: 'It was refused; no money moved (see declineReason).' },
  },
});

@ObjectType('TransactionEvent', { description: 'A change to a payment, as it happened.' })
export class TransactionEventNode {
  @Field(() => ID, { description: "The event's position in the log: pass it as `after` to resume after it." })
  id!: string;

  @Field(() => TransactionEventTypeEnum, { description: 'What happened.' })
  type!: TransactionEventType;

  @Field(() => PaymentNode, { description: 'The payment as it stood right after this event.' })
  payment!: PaymentNode;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
}

@Resolver()
export class TransactionEventsResolver {
  @Subscription(() => TransactionEventNode, {
    subscribe: servedAtTheGateway,
    description:
      'Every change to the payments of one of your wallets (or of every wallet you may see), live; ' +
      '`after` replays what came after that event id first, with no gap and no duplicate.',
  })
  async transactionEvents(
    @Arg('walletId', () => ID, { nullable: true, description: 'One wallet; all you may see when absent.' })
    walletId: string | undefined,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last event you have.' })
    _after: string | undefined,
    @Ctx() ctx: PaymentsContext,
  ): Promise<TransactionEventNode> {
    const delivered = subscriptionEventOf(ctx, TRANSACTION_EVENTS);
    if (!delivered) throw new BadInput('Subscribe over graphql-ws at the gateway');
    const access = new AccessPolicy(
      ctx.viewer,
      (partnerAppId, accountId) => ctx.loaders.consentScopes.load(`${partnerAppId}:${accountId}`),
      'events:subscribe',
    );
    const event = await transactionEvent(access, delivered, walletId ?? undefined, ctx.loaders);
    return Object.assign(new TransactionEventNode(), { ...event, payment: PaymentNode.from(event.payment) });
  }
}
