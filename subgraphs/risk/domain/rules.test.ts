import path from 'node:path';
import type { PaymentFact, PaymentToScore } from './facts';
import { loadRuleSet } from './rule-set';
import { firedRules, type Evidence } from './rules';
import { verdictOf } from './scoring';

const rules = loadRuleSet(path.join(__dirname, '..', '..', '..', 'config', 'risk.yaml'));
const NOW = new Date('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

let seq = 0;
function payment(overrides: Partial<PaymentToScore> = {}): PaymentToScore {
  return {
    paymentId: `p-${++seq}`,
    accountId: 'ada',
    kind: 'TRANSFER',
    amountMinor: 2_000n,
    currency: 'EUR',
    destinationAccountId: 'bob',
    merchantName: null,
    fundingSourceId: null,
    fundingFingerprint: null,
    mfaEnabled: true,
    ...overrides,
  };
}

function fact(overrides: Partial<PaymentFact> & { minutesAgo?: number } = {}): PaymentFact {
  const { minutesAgo = 60 * 24 * 3, ...rest } = overrides;
  return {
    paymentId: `f-${++seq}`,
    accountId: 'ada',
    kind: 'TRANSFER',
    status: 'COMPLETED',
    amountMinor: 2_000n,
    currency: 'EUR',
    payee: 'account:bob',
    declineReason: null,
    createdAt: new Date(NOW.getTime() - minutesAgo * MINUTE),
    ...rest,
  };
}

/** Evidence as the assessor gives it: the history newest first. */
function evidence(history: PaymentFact[] = [], extra: Partial<Evidence> = {}): Evidence {
  const newestFirst = [...history].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { history: newestFirst, listed: [], snoozed: new Set(), now: NOW, ...extra };
}

const codes = (p: PaymentToScore, e: Evidence) => firedRules(rules, p, e).map((hit) => hit.code);

describe('risk rules', () => {
  it('stay silent on an everyday payment to a known payee', () => {
    expect(codes(payment(), evidence([fact(), fact(), fact()]))).toEqual([]);
  });

  it('LARGE_AMOUNT: above the new-account limit, or far above the usual amount', () => {
    expect(codes(payment({ amountMinor: 900_001n }), evidence([fact()]))).toContain('LARGE_AMOUNT');
    expect(codes(payment({ amountMinor: 900_000n }), evidence([fact()]))).not.toContain('LARGE_AMOUNT');
    const usual = Array.from({ length: 5 }, () => fact({ amountMinor: 10_000n }));
    expect(codes(payment({ amountMinor: 50_001n }), evidence(usual))).toContain('LARGE_AMOUNT');
    expect(codes(payment({ amountMinor: 50_000n }), evidence(usual))).not.toContain('LARGE_AMOUNT');
    // Under the floor no multiple of the usual amount counts, however small the usual is.
    const tiny = Array.from({ length: 5 }, () => fact({ amountMinor: 1n }));
    expect(codes(payment({ amountMinor: 49_999n }), evidence(tiny))).not.toContain('LARGE_AMOUNT');
    expect(codes(payment({ amountMinor: 50_000n }), evidence(tiny))).toContain('LARGE_AMOUNT');
    // Nor in a currency the rule has no amounts for.
    expect(codes(payment({ amountMinor: 10n ** 12n, currency: 'NOK' }), evidence(usual))).not.toContain(
      'LARGE_AMOUNT',
    );
  });

  it('VELOCITY: more payments in ten minutes than expected', () => {
    const recent = Array.from({ length: 8 }, () => fact({ minutesAgo: 2 }));
    expect(codes(payment(), evidence(recent))).toContain('VELOCITY');
    expect(codes(payment(), evidence(recent.slice(1)))).not.toContain('VELOCITY');
  });

  it('STRUCTURING: the third payment just under the threshold within a day, naming all three', () => {
    const under = [
      fact({ amountMinor: 950_000n, minutesAgo: 120 }),
      fact({ amountMinor: 900_000n, minutesAgo: 60 }),
    ];
    const p = payment({ amountMinor: 999_999n });
    const hit = firedRules(rules, p, evidence(under)).find((h) => h.code === 'STRUCTURING');
    expect(hit?.paymentIds).toEqual([...under.map((f) => f.paymentId), p.paymentId]);
    expect(codes(payment({ amountMinor: 1_000_000n }), evidence(under))).not.toContain('STRUCTURING');
    expect(
      codes(p, evidence([under[0], fact({ amountMinor: 950_000n, minutesAgo: 60 * 25 })])),
    ).not.toContain('STRUCTURING');
  });

  it('NEW_PAYEE: a large first payment to someone never paid', () => {
    expect(
      codes(payment({ amountMinor: 100_000n, destinationAccountId: 'carol' }), evidence([fact()])),
    ).toContain('NEW_PAYEE');
    expect(codes(payment({ amountMinor: 100_000n }), evidence([fact()]))).not.toContain('NEW_PAYEE');
    expect(codes(payment({ amountMinor: 99_999n, destinationAccountId: 'carol' }), evidence())).not.toContain(
      'NEW_PAYEE',
    );
  });

  it('RAPID_DRAIN: most of a fresh top-up sent on at once', () => {
    const topUp = fact({ kind: 'TOP_UP', amountMinor: 100_000n, payee: null, minutesAgo: 5 });
    expect(codes(payment({ amountMinor: 80_000n }), evidence([topUp]))).toContain('RAPID_DRAIN');
    expect(codes(payment({ amountMinor: 79_999n }), evidence([topUp]))).not.toContain('RAPID_DRAIN');
    // Money that already went out since the top-up is not fresh any more.
    const since = fact({ amountMinor: 90_000n, minutesAgo: 2 });
    expect(codes(payment({ amountMinor: 80_000n }), evidence([topUp, since]))).not.toContain('RAPID_DRAIN');
  });

  it('DECLINE_STREAK: three declines within a day', () => {
    const declines = Array.from({ length: 3 }, () =>
      fact({ status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS', minutesAgo: 30 }),
    );
    expect(codes(payment(), evidence(declines))).toContain('DECLINE_STREAK');
    expect(codes(payment(), evidence(declines.slice(1)))).not.toContain('DECLINE_STREAK');
  });

  it('LISTED: a block-list match, and a snoozed rule stays silent', () => {
    expect(codes(payment(), evidence([], { listed: ['the payee account (mule)'] }))).toEqual(['LISTED']);
    expect(codes(payment(), evidence([], { listed: ['x'], snoozed: new Set(['LISTED']) }))).toEqual([]);
  });

  it('contributions add up to the score, capped at 100, strongest reason first', () => {
    const topUp = fact({ kind: 'TOP_UP', amountMinor: 950_000n, payee: null, minutesAgo: 5 });
    const p = payment({ amountMinor: 950_000n, destinationAccountId: 'mule' });
    const verdict = verdictOf(rules, firedRules(rules, p, evidence([topUp], { listed: ['mule'] })), true);
    expect(verdict.reasons.map((r) => r.code)).toEqual([
      'LISTED',
      'LARGE_AMOUNT',
      'RAPID_DRAIN',
      'NEW_PAYEE',
    ]);
    expect(verdict.score).toBe(100);
    expect(verdict.reasons.reduce((sum, r) => sum + r.contribution, 0)).toBe(100);
    expect(verdict.decision).toBe('DECLINE');
  });

  it('bands decide, and a challenge without MFA is a review', () => {
    const topUp = fact({ kind: 'TOP_UP', amountMinor: 100_000n, payee: null, minutesAgo: 5 });
    const p = payment({ amountMinor: 100_000n, destinationAccountId: 'carol' });
    const hits = firedRules(rules, p, evidence([topUp]));
    expect(verdictOf(rules, hits, true)).toMatchObject({ score: 55, decision: 'CHALLENGE' });
    expect(verdictOf(rules, hits, false)).toMatchObject({ score: 55, decision: 'REVIEW' });
    expect(verdictOf(rules, [], false)).toMatchObject({ score: 0, decision: 'APPROVE', reasons: [] });
  });
});
