import { Money } from '../../../../../platform/money';
import type { PaymentLimits } from '../../limits';
import { DeclineReason } from '../../payment';
import { amountOf, declined, type PaymentStep } from '../payment-run';

/** The payment and the account's day, this payment included, must fit the configured limits. */
export function checkLimits(limits: PaymentLimits): PaymentStep {
  return {
    id: 'check-limits',
    action: async ({ payment, dailyTotalMinor }) => {
      const daily = Money.ofMinor(dailyTotalMinor ?? payment.amountMinor, payment.currency);
      if (!limits.allows(amountOf(payment), daily)) return declined(DeclineReason.LIMIT_EXCEEDED, false);
    },
  };
}
