import { NotFound } from '../../../platform/errors';
import type { DeliveredEvent } from '../../../platform/bus';
import { PAYMENT_EVENTS, PaymentEvents } from '../contract';
import type { AccessPolicy } from './access';
import type { PaymentLookups } from './queries';
import type { Payment } from '../store/payment.entity';

/** The payment events a `transactionEvents` subscription delivers. */
export const TRANSACTION_EVENTS = PAYMENT_EVENTS;

type PaymentEvent = DeliveredEvent<(typeof PAYMENT_EVENTS)[number]>;

/** What a subscriber sees of a payment event's type. */
export const TRANSACTION_EVENT_TYPES = {
  [PaymentEvents.created.type]: 'CREATED',
  [PaymentEvents.statusChanged.type]: 'STATUS_CHANGED',
  [PaymentEvents.completed.type]: 'COMPLETED',
  [PaymentEvents.declined.type]: 'DECLINED',
} as const;
export type TransactionEventType = (typeof TRANSACTION_EVENT_TYPES)[keyof typeof TRANSACTION_EVENT_TYPES];

/** One event as a subscriber receives it: the payment as it stood right after the change. */
export interface TransactionEvent {
  id: string;
  type: TransactionEventType;
  occurredAt: Date;
  payment: Payment;
}

/**
 * The event for this subscriber, or NOT_FOUND when it is not theirs: a payment on the chosen
 * wallet (or, without one, on any wallet the viewer may see: payer, payee, an ANALYST, a partner
 * granted `events:subscribe` by the payer). The payment shows the status the event reported, not
 * a later one, so a replay reads as the live feed did.
 */
export async function transactionEvent(
  access: AccessPolicy,
  delivered: { id: string; event: PaymentEvent },
  walletId: string | undefined,
  lookups: PaymentLookups,
): Promise<TransactionEvent> {
  access.requireSignedIn();
  const { data } = delivered.event;
  const onWallet = !walletId || data.sourceWalletId === walletId || data.destinationWalletId === walletId;
  const payment = onWallet ? await lookups.payment(data.paymentId) : null;
  if (!payment || !(await access.canReadPayment(payment)))
    throw new NotFound('TransactionEvent', delivered.id);
  const occurredAt = new Date(data.occurredAt);
  const asItWas = Object.assign(Object.create(Object.getPrototypeOf(payment)) as Payment, payment, {
    status: data.status,
    declineReason: data.declineReason ?? undefined,
    completedAt: data.status === 'COMPLETED' ? (payment.completedAt ?? occurredAt) : undefined,
  });
  return {
    id: delivered.id,
    type: TRANSACTION_EVENT_TYPES[delivered.event.type],
    occurredAt,
    payment: asItWas,
  };
}
