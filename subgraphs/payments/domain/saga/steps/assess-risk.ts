import type { Bus } from '../../../../../platform/bus';
import { RiskCommands } from '../../../../risk/contract';
import { DeclineReason, PaymentStatus } from '../../payment';
import { declined, waiting, type PaymentStep } from '../payment-run';

/**
 * Asks risk for a decision: APPROVE goes on, DECLINE declines (undoing the hold), CHALLENGE waits
 * for the payer's TOTP code (or for an analyst when the account has no MFA), REVIEW waits for an
 * analyst.
 */
export function assessRisk(bus: Bus): PaymentStep {
  return {
    id: 'assess-risk',
    action: async (run) => {
      const p = run.payment;
      run.risk = await bus.request(RiskCommands.assess, {
        paymentId: p.id,
        accountId: p.accountId,
        kind: p.kind,
        amountMinor: p.amountMinor.toString(),
        currency: p.currency,
        sourceWalletId: p.sourceWalletId ?? null,
        destinationWalletId: p.destinationWalletId ?? null,
        destinationAccountId: p.destinationAccountId ?? null,
        category: p.category ?? null,
      });
      switch (run.risk.decision) {
        case 'APPROVE':
          return;
        case 'DECLINE':
          return declined(DeclineReason.RISK_DECLINED, true);
        case 'CHALLENGE':
          // A step-up needs a second factor; without one, a person has to look instead.
          return waiting(
            run.account?.mfaEnabled ? PaymentStatus.REQUIRES_VERIFICATION : PaymentStatus.HELD_FOR_REVIEW,
          );
        case 'REVIEW':
          return waiting(PaymentStatus.HELD_FOR_REVIEW);
      }
    },
  };
}
