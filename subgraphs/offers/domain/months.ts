import { BadInput } from '../../../platform/errors';
import { month as monthSchema } from '../contract';

/** The UTC month of an instant as `YYYY-MM`: spending and budgets are counted per such month. */
export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** Parses a month a client sent (`2026-11`), or the month of `now` when none was given. */
export function parseMonth(value: string | null | undefined, now: Date, field = 'month'): string {
  if (value == null) return monthOf(now);
  if (!monthSchema.safeParse(value).success) {
    throw new BadInput(`"${value}" is not a month such as "2026-11"`, field);
  }
  return value;
}
