import { raw, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { RateLimited } from '../../../platform/errors';
import { SignInThrottle } from '../entities';

/** How failed sign-ins are limited: per email and per client address, in a fixed window. */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 20 } as const;

/** One counter to check and bump: its stored key and the failures it allows per window. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

function windowOpen(row: SignInThrottle, now: Date): boolean {
  return now.getTime() - row.windowStartedAt.getTime() < SIGN_IN_LIMITS.windowMs;
}

/** Throws RATE_LIMITED, with the seconds until the window ends, when any key is at its limit. */
export async function assertNotThrottled(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<void> {
  const rows = await em.fork().find(SignInThrottle, { key: { $in: keys.map((k) => k.key) } });
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)?.limit ?? Infinity;
    if (windowOpen(row, now) && row.failures >= limit) {
      retryAfterMs = Math.max(
        retryAfterMs,
        row.windowStartedAt.getTime() + SIGN_IN_LIMITS.windowMs - now.getTime(),
      );
    }
  }
  if (retryAfterMs > 0) {
    throw new RateLimited(
      'Too many failed sign-in attempts; try again later',
      Math.ceil(retryAfterMs / 1000),
    );
  }
}

/**
 * Counts one failure against every key, starting a new window where the last one has ended.
 * The increment is one atomic UPDATE, so concurrent failures on other instances all count.
 */
export async function recordSignInFailure(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<void> {
  const fork = em.fork();
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  for (const { key } of keys) {
    for (let attempt = 0; ; attempt++) {
      const counted = await fork.nativeUpdate(
        SignInThrottle,
        { key, windowStartedAt: { $gt: windowStart } },
        { failures: raw('failures + 1') },
      );
      if (counted) break;
      const restarted = await fork.nativeUpdate(
        SignInThrottle,
        { key },
        { failures: 1, windowStartedAt: now },
      );
      if (restarted) break;
      try {
        await fork.insert(SignInThrottle, { key, failures: 1, windowStartedAt: now });
        break;
      } catch (error) {
        // Two first failures at once both insert; the loser counts again as an update.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
      }
    }
  }
}

/** Forgets the failures of a key (a successful sign-in clears its email's counter). */
export async function clearSignInFailures(em: EntityManager, key: string): Promise<void> {
  await em.fork().nativeDelete(SignInThrottle, { key });
}
