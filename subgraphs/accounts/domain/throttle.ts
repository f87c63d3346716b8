import { RateLimited } from '../../../platform/errors';
import type { ThrottleStore } from '../store/throttle-store';

/** How failed sign-ins are limited: per email and per client address, in a fixed window. */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 20 } as const;

/** One counter to check and bump: its stored key and the failures it allows per window. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/** Throws RATE_LIMITED, with the seconds until the window ends, when any key is at its limit. */
export async function assertNotThrottled(
  store: ThrottleStore,
  keys: ThrottleKey[],
  now: Date,
): Promise<void> {
  const rows = await store.counters(keys.map((k) => k.key));
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)?.limit ?? Infinity;
    const endsAt = row.windowStartedAt.getTime() + SIGN_IN_LIMITS.windowMs;
    if (endsAt > now.getTime() && row.failures >= limit) {
      retryAfterMs = Math.max(retryAfterMs, endsAt - now.getTime());
    }
  }
  if (retryAfterMs > 0) {
    throw new RateLimited(
      'Too many failed sign-in attempts; try again later',
      Math.ceil(retryAfterMs / 1000),
    );
  }
}

/** Counts one failure against every key, starting a new window where the last one has ended. */
export async function recordSignInFailure(
  store: ThrottleStore,
  keys: ThrottleKey[],
  now: Date,
): Promise<void> {
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  for (const { key } of keys) await store.countFailure(key, windowStart, now);
}
