import type { z } from 'zod/v4';
import { BadInput } from '../../../platform/errors';
import { spendingCategory } from '../../payments/contract';

/** What money was spent on, as payments' contract names it. */
export type SpendingCategory = z.output<typeof spendingCategory>;

/** Every spending category, in the contract's order. */
export const SPENDING_CATEGORIES: readonly SpendingCategory[] = spendingCategory.options;

/** Parses a category a client sent. */
export function parseCategory(value: string, field: string): SpendingCategory {
  const parsed = spendingCategory.safeParse(value);
  if (!parsed.success) throw new BadInput(`${value} is not a spending category`, field);
  return parsed.data;
}
