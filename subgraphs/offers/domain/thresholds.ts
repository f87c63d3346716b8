import type { BudgetThresholdPercent } from '../contract';

/** The shares of a budget at which its owner is told, in percent. */
export const BUDGET_THRESHOLDS: readonly BudgetThresholdPercent[] = [80, 100];

/** The thresholds a month's spending has reached against a limit: 80 at 80 % exactly, 100 at the limit. */
export function thresholdsReached(spentMinor: bigint, limitMinor: bigint): BudgetThresholdPercent[] {
  return BUDGET_THRESHOLDS.filter((percent) => spentMinor * 100n >= limitMinor * BigInt(percent));
}
