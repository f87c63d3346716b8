import { Histogram } from 'prom-client';
import { CommandUnavailable, type Bus } from '../../../../../platform/bus';
import type { Logger } from '../../../../../platform/logger';
import { metrics } from '../../../../../platform/metrics';
import { RiskCommands } from '../../../../risk/contract';
import { DeclineReason, PaymentStatus } from '../../payment';
import { failSafeAssessment, type RiskFailSafe } from '../../risk-fail-safe';
import type { Halt } from '../runner';
import { declined, waiting, type Outcome, type PaymentRun, type PaymentStep } from '../payment-run';

/**
 * How long risk's decision takes inside a payment, request to answer (or to the fail-safe). The
 * buckets are fine below 5 ms, where decisions should fall, so p50 and p99 read from them.
 */
export const riskDecisionSeconds = new Histogram({
  name: 'payments_risk_decision_seconds',
  help: "Time from asking risk for a payment's decision to having one, fail-safe included",
  labelNames: ['outcome'] as const,
  buckets: [
    0.0002, 0.0004, 0.0006, 0.0008, 0.001, 0.0012, 0.0014, 0.0016, 0.0018, 0.002, 0.0025, 0.003, 0.0035,
    0.004, 0.0045, 0.005, 0.006, 0.008, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  ],
  registers: [metrics],
});

/**
 * Asks risk for a decision: APPROVE goes on, DECLINE declines (undoing the hold), CHALLENGE waits
 * for the payer's TOTP code (or for an analyst when the account has no MFA), REVIEW waits for an
 * analyst. When risk does not answer within the fail-safe's deadline, a small payment goes on and
 * anything larger waits for an analyst; the payment records that risk was unavailable. With
 * `waits: 'after-next-step'` the decision to wait is left to the step after (a transfer, which
 * reserves its amount only when it has to wait).
 */
export function assessRisk(
  bus: Bus,
  failSafe: RiskFailSafe,
  logger: Logger,
  waits: 'here' | 'after-next-step' = 'here',
): PaymentStep {
  return {
    id: 'assess-risk',
    action: async (run) => {
      const p = run.payment;
      const started = process.hrtime.bigint();
      let outcome = 'answered';
      try {
        run.risk = await bus.request(
          RiskCommands.assess,
          {
            paymentId: p.id,
            accountId: p.accountId,
            kind: p.kind,
            amountMinor: p.amountMinor.toString(),
            currency: p.currency,
            sourceWalletId: p.sourceWalletId ?? null,
            destinationWalletId: p.destinationWalletId ?? null,
            destinationAccountId: p.destinationAccountId ?? null,
            category: p.category ?? null,
            merchantName: p.merchantName ?? null,
            fundingSourceId: p.fundingSourceId ?? null,
            fundingFingerprint: run.instrument?.token ?? null,
            mfaEnabled: run.account?.mfaEnabled ?? null,
          },
          { timeoutMs: failSafe.deadlineMs },
        );
      } catch (error) {
        if (!(error instanceof CommandUnavailable)) throw error;
        outcome = 'fail-safe';
        run.risk = failSafeAssessment(failSafe, p.amountMinor, p.currency);
        run.riskUnavailable = true;
        logger.warn(
          { paymentId: p.id, reason: error.reason, decision: run.risk.decision },
          'risk did not answer; the fail-safe decided',
        );
      } finally {
        riskDecisionSeconds.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      }
      if (run.risk.decision === 'DECLINE') return declined(DeclineReason.RISK_DECLINED, true);
      return waits === 'here' ? waitForRisk(run) : undefined;
    },
  };
}

/**
 * Where risk's decision leaves the payment: nowhere for APPROVE (it goes on); CHALLENGE waits for
 * the payer's code, or for an analyst when there is no second factor to step up with; REVIEW
 * waits for an analyst.
 */
export function waitForRisk(run: PaymentRun): Halt<Outcome> | undefined {
  switch (run.risk?.decision) {
    case 'CHALLENGE':
      return waiting(
        run.account?.mfaEnabled ? PaymentStatus.REQUIRES_VERIFICATION : PaymentStatus.HELD_FOR_REVIEW,
      );
    case 'REVIEW':
      return waiting(PaymentStatus.HELD_FOR_REVIEW);
    default:
      return undefined;
  }
}
