import type { Clock } from '../../../platform/clock';
import type { PaymentEventData } from '../../payments/contract';
import { RISK_UNAVAILABLE } from '../contract';
import { replaceAssessment } from '../store/assessment-store';
import { applyPaymentEvent } from '../store/history-store';
import type { GroupWriter } from '../store/group-writer';
import type { RiskStore } from '../store/risk-store';
import { payeeOf, type PaymentFact } from './facts';
import { raiseAlert } from './raise';
import type { Reason } from './scoring';

/** The consumer group under which risk writes what payment events say to its store. */
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

/** The payment an event describes, as a fact of the payer's history. */
export function factOf(data: PaymentEventData): PaymentFact {
  return {
    paymentId: data.paymentId,
    accountId: data.accountId,
    kind: data.kind,
    status: data.status,
    amountMinor: data.amountMinor,
    currency: data.currency,
    payee: payeeOf(data.destinationAccountId, data.merchantName),
    declineReason: data.declineReason,
    createdAt: new Date(data.occurredAt),
  };
}

/**
 * Keeps each account's history from payments' events: what was paid to whom, what completed and
 * what was declined. It also raises the alerts payments' own outcomes call for: a step-up that
 * failed, and a payment held because risk did not answer; and it records the fail-safe's
 * decision as the payment's assessment. Every write is idempotent (a status only moves forward
 * in time, an alert is raised once per payment), so a redelivered event changes nothing.
 */
export class PaymentHistory {
  constructor(
    private readonly store: RiskStore,
    private readonly writer: GroupWriter,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  async apply(data: PaymentEventData): Promise<void> {
    const { store } = this;
    const fact = factOf(data);
    const held = data.status === 'HELD_FOR_REVIEW';
    const failSafe = data.riskUnavailable === true && data.status !== 'PENDING';
    const failed = data.status === 'DECLINED' && data.declineReason === 'VERIFICATION_FAILED';
    if (!failSafe && !failed) {
      // The common case, one statement, committed with the other writes of the moment.
      return this.writer.write((sql) => applyPaymentEvent(sql, store.dialect, fact, fact.createdAt));
    }
    await this.writer.write(async (sql, events) => {
      await applyPaymentEvent(sql, store.dialect, fact, fact.createdAt);
      if (failSafe) {
        await replaceAssessment(sql, store.dialect, {
          paymentId: data.paymentId,
          accountId: data.accountId,
          score: 0,
          decision: held ? 'REVIEW' : 'APPROVE',
          reasons: [UNAVAILABLE],
          ruleSetVersion: FAIL_SAFE_VERSION,
          evaluatedAt: fact.createdAt,
          shadow: null,
        });
      }
      if (!(failSafe && held) && !failed) return;
      await raiseAlert(sql, store.dialect, events, {
        id: this.newId(),
        accountId: data.accountId,
        paymentId: data.paymentId,
        payee: fact.payee,
        severity: 'MEDIUM',
        status: 'OPEN',
        score: 0,
        reasons: [failed ? VERIFICATION_FAILED : UNAVAILABLE],
        createdAt: this.clock(),
        resolvedAt: null,
        resolvedBy: null,
        resolutionNote: null,
      });
    });
  }
}
