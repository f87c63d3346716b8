import type { Clock } from '../../../platform/clock';
import type { PaymentEventData } from '../../payments/contract';
import { RISK_UNAVAILABLE } from '../contract';
import { replaceAssessment } from '../store/assessment-store';
import { applyPaymentEvent } from '../store/history-store';
import type { RiskStore } from '../store/risk-store';
import { payeeOf } from './facts';
import { raiseAlert } from './raise';
import type { Reason } from './scoring';

/** The consumer group under which risk learns from payment events, once per event. */
export const HISTORY_CONSUMER = 'risk.history';

/** The rule-set version an assessment carries when payments decided alone. */
export const FAIL_SAFE_VERSION = 'fail-safe';

const UNAVAILABLE: Reason = {
  code: RISK_UNAVAILABLE,
  description:
    'Risk did not answer in time, so payments applied its fail-safe: approved when small, held for an analyst otherwise.',
  contribution: 0,
};

const VERIFICATION_FAILED: Reason = {
  code: 'VERIFICATION_FAILED',
  description: 'The customer was asked for a verification code and entered a wrong one every time.',
  contribution: 0,
};

/**
 * Keeps each account's history from payments' events: what was paid to whom, what completed and
 * what was declined. It also raises the alerts payments' own outcomes call for: a step-up that
 * failed, and a payment held because risk did not answer; and it records the fail-safe's
 * decision as the payment's assessment.
 */
export class PaymentHistory {
  constructor(
    private readonly store: RiskStore,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  async apply(eventId: string, data: PaymentEventData): Promise<void> {
    const { store } = this;
    const payee = payeeOf(data.destinationAccountId, data.merchantName);
    const occurredAt = new Date(data.occurredAt);
    await store.consumeOnce(HISTORY_CONSUMER, eventId, async (sql, events) => {
      await applyPaymentEvent(
        sql,
        store.dialect,
        {
          paymentId: data.paymentId,
          accountId: data.accountId,
          kind: data.kind,
          status: data.status,
          amountMinor: data.amountMinor,
          currency: data.currency,
          payee,
          declineReason: data.declineReason,
          createdAt: occurredAt,
        },
        occurredAt,
      );
      const held = data.status === 'HELD_FOR_REVIEW';
      if (data.riskUnavailable && data.status !== 'PENDING') {
        await replaceAssessment(sql, store.dialect, {
          paymentId: data.paymentId,
          accountId: data.accountId,
          score: 0,
          decision: held ? 'REVIEW' : 'APPROVE',
          reasons: [UNAVAILABLE],
          ruleSetVersion: FAIL_SAFE_VERSION,
          evaluatedAt: occurredAt,
          shadow: null,
        });
      }
      const reason = held && data.riskUnavailable ? UNAVAILABLE : null;
      const failed = data.status === 'DECLINED' && data.declineReason === 'VERIFICATION_FAILED';
      if (!reason && !failed) return;
      await raiseAlert(sql, store.dialect, events, {
        id: this.newId(),
        accountId: data.accountId,
        paymentId: data.paymentId,
        payee,
        severity: 'MEDIUM',
        status: 'OPEN',
        score: 0,
        reasons: [reason ?? VERIFICATION_FAILED],
        createdAt: this.clock(),
        resolvedAt: null,
        resolvedBy: null,
        resolutionNote: null,
      });
    });
  }
}
