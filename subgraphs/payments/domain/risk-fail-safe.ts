import { readFileSync } from 'node:fs';
import { z } from 'zod/v4';
import { Money } from '../../../platform/money';
import { RISK_UNAVAILABLE, type RiskAssessment } from '../../risk/contract';

/** What payments does without an answer from risk: the deadline, and the amounts it approves anyway. */
export interface RiskFailSafe {
  /** How long a payment waits for risk's decision. */
  deadlineMs: number;
  /** The largest amount per currency approved without risk; a currency not listed is always held. */
  approveUpTo: ReadonlyMap<string, bigint>;
}

const fileSchema = z.object({ approveUpTo: z.record(z.string(), z.string()) });

/** Reads the fail-safe amounts (config/risk-fail-safe.json); a bad entry names its currency. */
export function loadRiskFailSafe(path: string, deadlineMs: number): RiskFailSafe {
  let parsed: z.output<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(`Invalid risk fail-safe file ${path}: ${(error as Error).message}`);
  }
  const approveUpTo = new Map<string, bigint>();
  for (const [currency, amount] of Object.entries(parsed.approveUpTo)) {
    try {
      approveUpTo.set(currency, Money.parse(amount, currency).minor);
    } catch {
      throw new Error(
        `Invalid risk fail-safe file ${path}: approveUpTo.${currency} "${amount}" is not an amount`,
      );
    }
  }
  return { deadlineMs, approveUpTo };
}

/**
 * The decision payments takes by itself when risk did not answer: small payments go ahead,
 * everything else waits for an analyst. Never a blind approval.
 */
export function failSafeAssessment(
  failSafe: RiskFailSafe,
  amountMinor: bigint,
  currency: string,
): RiskAssessment {
  const limit = failSafe.approveUpTo.get(currency);
  const small = limit !== undefined && amountMinor <= limit;
  return {
    decision: small ? 'APPROVE' : 'REVIEW',
    score: 0,
    reasons: [
      {
        code: RISK_UNAVAILABLE,
        description: small
          ? 'Risk did not answer in time; the payment was small enough for the fail-safe to approve it.'
          : 'Risk did not answer in time; the payment is held for an analyst.',
        contribution: 0,
      },
    ],
    ruleSetVersion: 'fail-safe',
  };
}
