import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Bus } from '../../../platform/bus';
import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import { AccountCommands } from '../../accounts/contract';
import type { RiskAssessment } from '../contract';
import { appendAssessment, assessmentsOf, type StoredAssessment } from '../store/assessment-store';
import { historyOf, recordScoredPayment } from '../store/history-store';
import { rememberFingerprint, type BlockListKind } from '../store/list-store';
import { openOrExtendReport } from '../store/report-store';
import { GroupWriter } from '../store/group-writer';
import type { RiskStore } from '../store/risk-store';
import { payeeOf, type PaymentFact, type PaymentToScore } from './facts';
import type { HistoryCache } from './history-cache';
import type { ListsMemory } from './lists-memory';
import { raiseAlert } from './raise';
import type { RuleCode, RuleSet } from './rule-set';
import { firedRules, type Evidence } from './rules';
import { severityOf, verdictOf, type Verdict } from './scoring';

/** The rule sets risk runs: the active one decides; a candidate, if any, is judged beside it. */
export interface RuleSets {
  active: RuleSet;
  shadow?: RuleSet;
}

/** What the assessor works with. */
export interface AssessorDeps {
  store: RiskStore;
  /** Each account's recent history in memory, loaded from the store on first use. */
  history: HistoryCache;
  /** The block lists and snoozes in memory. */
  lists: ListsMemory;
  rules: RuleSets;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  /** Where assessments are written, with the other writes of the same moment; one per assessor when absent. */
  writer?: GroupWriter;
}

const DAY = 86_400_000;

const LIST_LABELS: Record<BlockListKind, string> = {
  ACCOUNT: 'the payee account',
  MERCHANT: 'the merchant',
  FUNDING_SOURCE: 'the card or bank account',
  FUNDING_FINGERPRINT: 'the card or bank account (the same instrument, linked elsewhere)',
};

/** The reply of a stored assessment. */
export function replyOf(a: StoredAssessment): RiskAssessment {
  return { decision: a.decision, score: a.score, reasons: a.reasons, ruleSetVersion: a.ruleSetVersion };
}

/**
 * Scores payments from risk's own store and memory only: the account's history (learned from
 * payments' events and from earlier requests), the block lists and the snoozes. The active rule
 * set decides; the candidate's verdict is stored beside it and changes nothing. A REVIEW or
 * DECLINE raises an alert, a pattern the AML rules report opens a suspicious activity report,
 * and a CRITICAL alert freezes the account through accounts. Idempotent by the payment id: the
 * first assessment of a payment stands.
 */
export class RiskAssessor {
  private readonly writer: GroupWriter;

  constructor(private readonly deps: AssessorDeps) {
    this.writer = deps.writer ?? new GroupWriter(deps.store);
  }

  async assess(payment: PaymentToScore): Promise<RiskAssessment> {
    const { store, rules, clock, newId } = this.deps;
    const now = clock();
    const evidence = await this.evidence(payment, now);
    const active = verdictOf(rules.active, firedRules(rules.active, payment, evidence), payment.mfaEnabled);
    const shadow = rules.shadow
      ? verdictOf(rules.shadow, firedRules(rules.shadow, payment, evidence), payment.mfaEnabled)
      : undefined;
    const assessment: StoredAssessment = {
      paymentId: payment.paymentId,
      accountId: payment.accountId,
      score: active.score,
      decision: active.decision,
      reasons: active.reasons,
      ruleSetVersion: active.ruleSetVersion,
      evaluatedAt: now,
      shadow: shadow
        ? {
            version: shadow.ruleSetVersion,
            score: shadow.score,
            decision: shadow.decision,
            reasons: shadow.reasons,
          }
        : null,
    };
    const payee = payeeOf(payment.destinationAccountId, payment.merchantName);
    const alerting = active.decision === 'REVIEW' || active.decision === 'DECLINE';
    const severity = severityOf(rules.active, active.score);
    const fact: PaymentFact = {
      paymentId: payment.paymentId,
      accountId: payment.accountId,
      kind: payment.kind,
      status: 'PENDING',
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      payee,
      declineReason: null,
      createdAt: now,
    };
    // Grouped with the writes of the same moment: under load one commit answers many payments.
    const write = this.writer.write(async (sql, events) => {
      await recordScoredPayment(sql, store.dialect, fact);
      appendAssessment(sql, store.dialect, assessment);
      if (payment.fundingSourceId && payment.fundingFingerprint) {
        await rememberFingerprint(sql, payment.fundingSourceId, payment.fundingFingerprint);
      }
      if (alerting) {
        await raiseAlert(sql, store.dialect, events, {
          id: newId(),
          accountId: payment.accountId,
          paymentId: payment.paymentId,
          payee,
          severity,
          status: 'OPEN',
          score: active.score,
          reasons: active.reasons,
          createdAt: now,
          resolvedAt: null,
          resolvedBy: null,
          resolutionNote: null,
        });
      }
      for (const hit of this.reported(active)) {
        await openOrExtendReport(
          sql,
          store.dialect,
          {
            id: newId(),
            accountId: payment.accountId,
            rule: hit.code,
            paymentIds: hit.paymentIds ?? [payment.paymentId],
            description: hit.description,
            createdAt: now,
            updatedAt: now,
          },
          this.reportWindowMs(hit.code),
        );
      }
    });
    try {
      await write;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Assessed already (a retry, or a race): nothing of this one was written; the first stands.
      const [first] = await store.read((sql) => assessmentsOf(sql, [payment.paymentId]));
      return replyOf(first);
    }
    this.deps.history.record(fact);
    if (alerting && severity === 'CRITICAL') await this.freeze(payment.accountId, active);
    return replyOf(assessment);
  }

  private async evidence(payment: PaymentToScore, now: Date): Promise<Evidence> {
    const { store, rules, history: cache, lists } = this.deps;
    const days = historyDaysOf(rules);
    const payee = payeeOf(payment.destinationAccountId, payment.merchantName);
    const pairs: { kind: BlockListKind; value: string }[] = [];
    if (payment.destinationAccountId) pairs.push({ kind: 'ACCOUNT', value: payment.destinationAccountId });
    if (payment.merchantName)
      pairs.push({ kind: 'MERCHANT', value: normalizedMerchant(payment.merchantName) });
    if (payment.fundingSourceId) pairs.push({ kind: 'FUNDING_SOURCE', value: payment.fundingSourceId });
    if (payment.fundingFingerprint)
      pairs.push({ kind: 'FUNDING_FINGERPRINT', value: payment.fundingFingerprint });
    const known = await cache.history(payment.accountId, () =>
      store.read((sql) =>
        historyOf(sql, store.dialect, payment.accountId, new Date(now.getTime() - days * DAY), ''),
      ),
    );
    return {
      // A payment scored again (a retry) is not its own history; a new one is in none yet.
      history: cache.has(payment.accountId, payment.paymentId)
        ? known.filter((fact) => fact.paymentId !== payment.paymentId)
        : known,
      listed: lists.matching(pairs).map((entry) => `${LIST_LABELS[entry.kind]} (${entry.reason})`),
      snoozed: new Set((payee ? lists.snoozed(payment.accountId, payee, now) : []) as RuleCode[]),
      now,
    };
  }

  private reported(verdict: Verdict) {
    const reportOn = new Set(this.deps.rules.active.reportOn);
    return verdict.hits.filter((hit) => reportOn.has(hit.code));
  }

  private reportWindowMs(code: RuleCode): number {
    const rule = this.deps.rules.active.rules[code];
    return 'windowMs' in rule ? rule.windowMs : DAY;
  }

  /** A CRITICAL alert freezes the account; should accounts not answer, the alert still stands for an analyst. */
  private async freeze(accountId: string, verdict: Verdict): Promise<void> {
    const codes = verdict.reasons.map((reason) => reason.code).join(', ');
    try {
      await this.deps.bus.request(AccountCommands.freezeAccount, {
        accountId,
        reason: `Risk: critical score ${verdict.score} (${codes})`,
      });
    } catch (error) {
      this.deps.logger.error({ err: error, accountId }, 'could not freeze an account after a critical alert');
    }
  }
}

/** How far back the rule sets look: the longer of the two. */
export function historyDaysOf(rules: RuleSets): number {
  return Math.max(rules.active.historyDays, rules.shadow?.historyDays ?? 0);
}

/** Merchants are matched by name, case-folded and trimmed. */
export function normalizedMerchant(name: string): string {
  return name.trim().toLowerCase();
}
