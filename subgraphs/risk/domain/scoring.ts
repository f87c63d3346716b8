import type { AlertSeverity, RiskDecision } from '../contract';
import type { RuleSet } from './rule-set';
import type { RuleHit } from './rules';

/** One reason of a decision: what fired, in words, and the points it added. */
export interface Reason {
  code: string;
  description: string;
  contribution: number;
}

/** A decision of one rule set: the score, the decision its bands give, and why. */
export interface Verdict {
  ruleSetVersion: string;
  score: number;
  decision: RiskDecision;
  reasons: Reason[];
  /** The rules that fired, with the payments each is about. */
  hits: RuleHit[];
}

/**
 * Adds the weights of the rules that fired into a score of at most 100: once the cap is reached
 * a reason adds only what is left, so the contributions always add up to the score.
 */
export function scoreOf(ruleSet: RuleSet, hits: RuleHit[]): { score: number; reasons: Reason[] } {
  let score = 0;
  const reasons = hits.map((hit) => {
    const contribution = Math.min(ruleSet.rules[hit.code].weight, 100 - score);
    score += contribution;
    return { code: hit.code, description: hit.description, contribution };
  });
  return { score, reasons };
}

/**
 * The decision a score falls in. A challenge needs a second factor: an account known to have
 * none is sent to an analyst (REVIEW) instead.
 */
export function decisionOf(ruleSet: RuleSet, score: number, mfaEnabled: boolean | null): RiskDecision {
  const { challenge, review, decline } = ruleSet.bands;
  if (score >= decline) return 'DECLINE';
  if (score >= review) return 'REVIEW';
  if (score >= challenge) return mfaEnabled === false ? 'REVIEW' : 'CHALLENGE';
  return 'APPROVE';
}

/** The verdict of `ruleSet` on the rules that fired. */
export function verdictOf(ruleSet: RuleSet, hits: RuleHit[], mfaEnabled: boolean | null): Verdict {
  const { score, reasons } = scoreOf(ruleSet, hits);
  return {
    ruleSetVersion: ruleSet.version,
    score,
    decision: decisionOf(ruleSet, score, mfaEnabled),
    reasons,
    hits,
  };
}

/** How urgent an alert raised at `score` is. */
export function severityOf(ruleSet: RuleSet, score: number): AlertSeverity {
  const { medium, high, critical } = ruleSet.severity;
  if (score >= critical) return 'CRITICAL';
  if (score >= high) return 'HIGH';
  if (score >= medium) return 'MEDIUM';
  return 'LOW';
}
