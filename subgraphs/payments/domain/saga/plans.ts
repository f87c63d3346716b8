import { PaymentKind } from '../payment';
import type { StepDeps, PaymentStep } from './payment-run';
import { assessRisk } from './steps/assess-risk';
import { charge } from './steps/charge';
import { checkAccount } from './steps/check-account';
import { checkLimits } from './steps/check-limits';
import { creditWallet } from './steps/credit-wallet';
import { payout } from './steps/payout';
import { holdToWait, placeHold } from './steps/place-hold';
import { postHold } from './steps/post-hold';
import { recordApproval } from './steps/record-approval';
import { transferAtOnce } from './steps/transfer-at-once';

/**
 * A payment kind's saga in two parts: `decide` (pure checks, risk, the hold: all of it can be
 * undone) and `commit` (what runs once the payment is approved, irreversible steps last).
 */
export interface PaymentPlan {
  decide: PaymentStep[];
  commit: PaymentStep[];
}

/** The step, run only when the payment holds its amount (`PaymentRun.held`). */
function whenHeld(step: PaymentStep): PaymentStep {
  return { ...step, action: async (run) => (run.held ? step.action(run) : undefined) };
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
  const toDestination = postHold(deps.bus, deps.logger, (p) => ({ walletId: p.destinationWalletId! }));
  return {
    // Risk decides before any money is touched: a transfer approved at once moves in one ledger
    // command; one that has to wait for a code or an analyst reserves its amount first and, once
    // approved, posts that hold.
    [PaymentKind.TRANSFER]: {
      decide: [
        ...checks,
        assessRisk(deps.bus, deps.riskFailSafe, deps.logger, 'after-next-step'),
        holdToWait(deps.bus),
      ],
      commit: [transferAtOnce(deps.bus, deps.logger), whenHeld(toDestination)],
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
