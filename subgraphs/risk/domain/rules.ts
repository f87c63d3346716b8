import { Money } from '../../../platform/money';
import { OUTGOING_KINDS, STREAK_REASONS, payeeOf, type PaymentFact, type PaymentToScore } from './facts';
import type { RuleCode, RuleSet } from './rule-set';

/** What a rule sees besides the payment: the account's history and the analysts' lists and snoozes. */
export interface Evidence {
  /** The account's earlier payments within the rule set's history, newest first, this one excluded. */
  history: readonly PaymentFact[];
  /** Why the payment matches a block list (empty: it does not). */
  listed: readonly string[];
  /** Rules an analyst silenced for this account and payee. */
  snoozed: ReadonlySet<RuleCode>;
  now: Date;
}

/** A rule that fired: its code, a sentence for a support agent, and the payments it is about. */
export interface RuleHit {
  code: RuleCode;
  description: string;
  /** The payments the pattern is made of (STRUCTURING: every payment just under the threshold). */
  paymentIds?: string[];
}

type RuleCheck = (payment: PaymentToScore, evidence: Evidence, rules: RuleSet['rules']) => RuleHit | null;

function money(minor: bigint, currency: string): string {
  return `${currency} ${Money.ofMinor(minor, currency).toDecimal()}`;
}

/**
 * The payments of the last `windowMs`: a prefix of the newest-first history, found by bisection,
 * so a short window costs the same on a long history as on a short one.
 */
function within(evidence: Evidence, windowMs: number): readonly PaymentFact[] {
  const { history } = evidence;
  const since = evidence.now.getTime() - windowMs;
  let low = 0;
  let high = history.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (history[middle].createdAt.getTime() >= since) low = middle + 1;
    else high = middle;
  }
  return history.slice(0, low);
}

function isOutgoing(p: { kind: string }): boolean {
  return OUTGOING_KINDS.has(p.kind);
}

const listed: RuleCheck = (_payment, evidence) =>
  evidence.listed.length
    ? { code: 'LISTED', description: `On a block list: ${evidence.listed.join('; ')}.` }
    : null;

const structuring: RuleCheck = (p, evidence, { STRUCTURING: rule }) => {
  const threshold = rule.threshold.get(p.currency);
  const margin = rule.margin.get(p.currency);
  if (!isOutgoing(p) || threshold === undefined || margin === undefined) return null;
  const justUnder = (amount: bigint) => amount < threshold && amount >= threshold - margin;
  if (!justUnder(p.amountMinor)) return null;
  const earlier = within(evidence, rule.windowMs).filter(
    (fact) => isOutgoing(fact) && fact.currency === p.currency && justUnder(fact.amountMinor),
  );
  if (earlier.length + 1 < rule.minCount) return null;
  return {
    code: 'STRUCTURING',
    description:
      `${earlier.length + 1} payments within ${rule.windowMs / 3_600_000} hours each just under the ` +
      `${money(threshold, p.currency)} reporting threshold: a possible attempt to avoid it.`,
    paymentIds: [
      ...[...earlier]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((fact) => fact.paymentId),
      p.paymentId,
    ],
  };
};

const largeAmount: RuleCheck = (p, evidence, { LARGE_AMOUNT: rule }) => {
  if (!isOutgoing(p)) return null;
  const limit = rule.newAccountLimit.get(p.currency);
  const floor = rule.atLeast.get(p.currency);
  // Within both bounds neither test can fire, whatever the history: it need not be read.
  if ((limit === undefined || p.amountMinor <= limit) && (floor === undefined || p.amountMinor < floor)) {
    return null;
  }
  const completed = evidence.history.filter(
    (fact) => isOutgoing(fact) && fact.currency === p.currency && fact.status === 'COMPLETED',
  );
  if (completed.length < rule.minPayments) {
    if (limit === undefined || p.amountMinor <= limit) return null;
    return {
      code: 'LARGE_AMOUNT',
      description:
        `${money(p.amountMinor, p.currency)} is above the ${money(limit, p.currency)} allowed without review ` +
        `while the customer has fewer than ${rule.minPayments} completed payments in ${p.currency}.`,
    };
  }
  if (floor === undefined || p.amountMinor < floor) return null;
  const total = completed.reduce((sum, fact) => sum + fact.amountMinor, 0n);
  const average = total / BigInt(completed.length);
  // Compared in hundredths so that a multiple such as 2.5 stays exact.
  const multiple = BigInt(Math.round(rule.multipleOfAverage * 100));
  if (p.amountMinor * 100n <= average * multiple) return null;
  return {
    code: 'LARGE_AMOUNT',
    description:
      `${money(p.amountMinor, p.currency)} is more than ${rule.multipleOfAverage} times the customer's ` +
      `usual ${money(average, p.currency)}.`,
  };
};

const rapidDrain: RuleCheck = (p, evidence, { RAPID_DRAIN: rule }) => {
  const floor = rule.minAmount.get(p.currency);
  if (!isOutgoing(p) || floor === undefined || p.amountMinor < floor) return null;
  // Fresh money: what was topped up within the window since the last payment out.
  const lastOut =
    evidence.history
      .find((fact) => isOutgoing(fact) && fact.currency === p.currency && fact.status !== 'DECLINED')
      ?.createdAt.getTime() ?? 0;
  const topUps = within(evidence, rule.windowMs).filter(
    (fact) =>
      fact.kind === 'TOP_UP' &&
      fact.status === 'COMPLETED' &&
      fact.currency === p.currency &&
      fact.createdAt.getTime() > lastOut,
  );
  const toppedUp = topUps.reduce((sum, fact) => sum + fact.amountMinor, 0n);
  if (toppedUp === 0n || p.amountMinor * 100n < toppedUp * BigInt(rule.sharePercent)) return null;
  return {
    code: 'RAPID_DRAIN',
    description:
      `${money(p.amountMinor, p.currency)} sends on at least ${rule.sharePercent}% of the ` +
      `${money(toppedUp, p.currency)} topped up since the last payment out: the pattern of a money mule.`,
  };
};

const velocity: RuleCheck = (p, evidence, { VELOCITY: rule }) => {
  const recent = within(evidence, rule.windowMs);
  const minutes = rule.windowMs / 60_000;
  if (recent.length + 1 > rule.maxCount) {
    return {
      code: 'VELOCITY',
      description: `${recent.length + 1} payments within ${minutes} minutes, more than the ${rule.maxCount} expected.`,
    };
  }
  const cap = rule.maxValue.get(p.currency);
  if (!isOutgoing(p) || cap === undefined) return null;
  const sent = recent
    .filter((fact) => isOutgoing(fact) && fact.currency === p.currency && fact.status !== 'DECLINED')
    .reduce((sum, fact) => sum + fact.amountMinor, p.amountMinor);
  if (sent <= cap) return null;
  return {
    code: 'VELOCITY',
    description: `${money(sent, p.currency)} sent within ${minutes} minutes, more than ${money(cap, p.currency)}.`,
  };
};

const declineStreak: RuleCheck = (_p, evidence, { DECLINE_STREAK: rule }) => {
  const declines = within(evidence, rule.windowMs).filter(
    (fact) =>
      fact.status === 'DECLINED' && fact.declineReason !== null && STREAK_REASONS.has(fact.declineReason),
  );
  if (declines.length < rule.minDeclines) return null;
  const reasons = [...new Set(declines.map((fact) => fact.declineReason))].join(', ');
  return {
    code: 'DECLINE_STREAK',
    description: `${declines.length} declined payments or failed verifications in the last ${rule.windowMs / 3_600_000} hours (${reasons}).`,
  };
};

const newPayee: RuleCheck = (p, evidence, { NEW_PAYEE: rule }) => {
  const floor = rule.minAmount.get(p.currency);
  const payee = payeeOf(p.destinationAccountId, p.merchantName);
  if (!isOutgoing(p) || !payee || floor === undefined || p.amountMinor < floor) return null;
  const known = evidence.history.some((fact) => fact.payee === payee && fact.status === 'COMPLETED');
  if (known) return null;
  return {
    code: 'NEW_PAYEE',
    description: `A first payment of ${money(p.amountMinor, p.currency)} to a payee this customer has never paid.`,
  };
};

const CHECKS: Record<RuleCode, RuleCheck> = {
  LISTED: listed,
  STRUCTURING: structuring,
  LARGE_AMOUNT: largeAmount,
  RAPID_DRAIN: rapidDrain,
  VELOCITY: velocity,
  DECLINE_STREAK: declineStreak,
  NEW_PAYEE: newPayee,
};

/** The rules of `ruleSet` that fire for the payment, strongest first; disabled and snoozed rules are silent. */
export function firedRules(ruleSet: RuleSet, payment: PaymentToScore, evidence: Evidence): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const [code, check] of Object.entries(CHECKS) as [RuleCode, RuleCheck][]) {
    const rule = ruleSet.rules[code];
    if (!rule.enabled || rule.weight === 0 || evidence.snoozed.has(code)) continue;
    const hit = check(payment, evidence, ruleSet.rules);
    if (hit) hits.push(hit);
  }
  return hits.sort((a, b) => ruleSet.rules[b.code].weight - ruleSet.rules[a.code].weight);
}
