import type { EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import { readDate, sqlDate, type Dialect } from '../../../platform/database/raw-values';
import { sqlQuery } from '../../../platform/database/sql-transaction';

/** One counter to reserve an attempt on: its stored key, the attempts it allows and its window. */
export interface ThrottleRule {
  key: string;
  limit: number;
  windowMs: number;
}

/** What reserving an attempt gave: the window it was counted in, or how long until one is free. */
export type ReserveOutcome =
  { reserved: true; windowStartedAt: Date } | { reserved: false; retryAfterMs: number };

/**
 * One statement per reservation, atomic on both dialects: the first attempt inserts the row, an
 * ended window restarts at 1, and otherwise the count goes up only while it is under the limit
 * (the update's WHERE), so concurrent attempts on any instance can never pass the limit together.
 */
const RESERVE = `insert into throttles (key, attempts, window_started_at) values (?, 1, ?)
  on conflict (key) do update set
    attempts = case when throttles.window_started_at <= ? then 1 else throttles.attempts + 1 end,
    window_started_at = case when throttles.window_started_at <= ? then excluded.window_started_at
      else throttles.window_started_at end
  where throttles.window_started_at <= ? or throttles.attempts < ?
  returning window_started_at`;

/** Attempt counters in fixed windows, shared by every instance of the service. */
export class ThrottleStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: Dialect,
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** Counts one attempt against `rule.key` if it is under its limit in the current window. */
  async reserve(rule: ThrottleRule, now: Date): Promise<ReserveOutcome> {
    const ended = sqlDate(this.dialect, new Date(now.getTime() - rule.windowMs));
    const [reserved] = await sqlQuery<{ window_started_at: unknown }>(this.em, this.dialect, RESERVE, [
      rule.key,
      sqlDate(this.dialect, now),
      ended,
      ended,
      ended,
      rule.limit,
    ]);
    if (reserved) return { reserved: true, windowStartedAt: readDate(reserved.window_started_at) };
    const [row] = await sqlQuery<{ window_started_at: unknown }>(
      this.em,
      this.dialect,
      'select window_started_at from throttles where key = ?',
      [rule.key],
    );
    const endsAt = (row ? readDate(row.window_started_at).getTime() : now.getTime()) + rule.windowMs;
    return { reserved: false, retryAfterMs: Math.max(endsAt - now.getTime(), 1_000) };
  }

  /** Gives back one attempt counted in the window it was reserved in (a later window keeps its count). */
  async release(key: string, windowStartedAt: Date): Promise<void> {
    await sqlQuery(
      this.em,
      this.dialect,
      'update throttles set attempts = attempts - 1 where key = ? and window_started_at = ? and attempts > 0',
      [key, sqlDate(this.dialect, windowStartedAt)],
    );
  }

  /** Forgets a key's attempts. */
  async clear(key: string): Promise<void> {
    await sqlQuery(this.em, this.dialect, 'delete from throttles where key = ?', [key]);
  }
}
