import { PaymentKind } from '../payment';
import type { StepDeps, PaymentStep } from './payment-run';
import { assessRisk } from './steps/assess-risk';
import { charge } from './steps/charge';
import { checkAccount } from './steps/check-account';
import { checkLimits } from './steps/check-limits';
import { creditWallet } from './steps/credit-wallet';
import { payout } from './steps/payout';
import { placeHold } from './steps/place-hold';
import { postHold } from './steps/post-hold';
import { recordApproval } from './steps/record-approval';

/**
 * A payment kind's saga in two parts: `decide` (pure checks, the hold, risk: all of it can be
 * undone) and `commit` (what runs once the payment is approved, irreversible steps last).
 */
export interface PaymentPlan {
  decide: PaymentStep[];
  commit: PaymentStep[];
}

/** The ordered steps of every payment kind, built once over the service's dependencies. */
export function paymentPlans(deps: StepDeps): Record<PaymentKind, PaymentPlan | undefined> {
  const hold = placeHold(deps.bus);
  const standing = checkAccount();
  const checks = [standing, checkLimits(deps.limits)];
  const risk = assessRisk(deps.bus, deps.riskFailSafe, deps.logger);
  const approval = recordApproval(deps.store, deps.now);
  const funding = { network: deps.fundingNetwork, attempts: deps.fundingAttempts ?? 3 };
  const toSettlement = postHold(deps.bus, deps.logger, () => ({ system: 'SETTLEMENT' }));
  const rewards = creditWallet(deps.bus, 'REWARDS');
  return {
    [PaymentKind.TRANSFER]: {
      decide: [...checks, hold, risk],
      commit: [postHold(deps.bus, deps.logger, (p) => ({ walletId: p.destinationWalletId! }))],
    },
    [PaymentKind.MERCHANT]: { decide: [...checks, hold, risk], commit: [toSettlement] },
    [PaymentKind.WITHDRAWAL]: {
      decide: [...checks, hold, risk],
      commit: [approval, payout(funding), toSettlement],
    },
    [PaymentKind.TOP_UP]: {
      decide: [...checks, risk],
      commit: [approval, charge(funding), creditWallet(deps.bus, 'FUNDING')],
    },
    // Rewards come from the bank's REWARDS account: nothing to hold, nothing for risk to score.
    // The approval is stored first so that recovery finishes a credit whose answer was lost.
    [PaymentKind.CASHBACK]: { decide: [], commit: [approval, rewards] },
    [PaymentKind.POINTS_REDEMPTION]: { decide: [standing], commit: [approval, rewards] },
    [PaymentKind.REFUND]: undefined,
  };
}
