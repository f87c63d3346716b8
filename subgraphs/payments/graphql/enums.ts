import { registerEnumType } from 'type-graphql';
import { SPENDING_CATEGORY_DESCRIPTIONS } from '../contract';
import { PaymentKind, PaymentStatus, SpendingCategory } from '../domain/payment';

export { PaymentKind, PaymentStatus, SpendingCategory };

registerEnumType(PaymentKind, {
  name: 'PaymentKind',
  description: 'What a payment does: where the money comes from and where it goes.',
  valuesConfig: {
    TOP_UP: { description: 'Money in from a linked card or bank account to a wallet.' },
    WITHDRAWAL: { description: 'Money out from a wallet to a linked bank account.' },
    TRANSFER: { description: 'Money from one wallet to another, converted when their currencies differ.' },
    MERCHANT: { description: 'Money from a wallet to a merchant.' },
    CASHBACK: { description: 'A reward credited to a wallet for a merchant payment.' },
    REFUND: { description: 'Money returned to a wallet for an earlier payment.' },
    POINTS_REDEMPTION: { description: 'Reward points turned into money in a wallet.' },
  },
});

registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: 'Where a payment stands. COMPLETED, DECLINED and REVERSED are final.',
  valuesConfig: {
    PENDING: { description: 'Being processed; money may be held but has not moved.' },
    REQUIRES_VERIFICATION: {
      description: 'Waiting for the payer to confirm with a TOTP code (verifyPayment).',
    },
    HELD_FOR_REVIEW: { description: 'Held for an analyst to review; the money stays held.' },
    COMPLETED: { description: 'The money moved.' },
    DECLINED: { description: 'Refused; no money moved. See declineReason.' },
    REVERSED: { description: 'Completed, then reversed.' },
  },
});

registerEnumType(SpendingCategory, {
  name: 'SpendingCategory',
  description: 'What money was spent on, for merchant payments, insights and offers.',
  valuesConfig: SPENDING_CATEGORY_DESCRIPTIONS,
});
