import { RateLimited } from '../../../platform/errors';
import type { ThrottleRule, ThrottleStore } from '../store/throttle-store';
import type { Secrets } from './secrets';

export type { ThrottleRule };

/**
 * How sign-ins are limited, per 15-minute window. The (email, address) pair is the tight limit:
 * one attacker's guesses at one account. The address across every email stops one source trying
 * many accounts. The email across every address is much higher, so that an attacker on one
 * address cannot lock a customer out of their own, while guesses spread over many addresses are
 * still slowed.
 */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60_000,
  perEmailAndAddress: 5,
  perAddress: 20,
  perEmail: 100,
} as const;

/** How TOTP checks are limited: per account, whether they come from a payment or from confirmMfa. */
export const TOTP_LIMITS = { windowMs: 15 * 60_000, perAccount: 10 } as const;

/** A caller whose address is unknown shares one address with every other such caller: never more lenient. */
const UNKNOWN_ADDRESS = 'unknown';

/** An attempt counted against one key before it was checked: given back if it turns out well. */
export interface Reservation {
  key: string;
  windowStartedAt: Date;
}

/** The counters a sign-in reserves on, tightest first; emails and addresses are stored only as keyed hashes. */
export function signInRules(secrets: Secrets, email: string, address: string | undefined): ThrottleRule[] {
  const { windowMs, perEmailAndAddress, perAddress, perEmail } = SIGN_IN_LIMITS;
  const from = address ?? UNKNOWN_ADDRESS;
  return [
    // Emails hold no whitespace, so the space cannot make two pairs collide.
    { key: `email+ip:${secrets.throttleKey(`${email} ${from}`)}`, limit: perEmailAndAddress, windowMs },
    { key: `ip:${secrets.throttleKey(from)}`, limit: perAddress, windowMs },
    { key: `email:${secrets.throttleKey(email)}`, limit: perEmail, windowMs },
  ];
}

/** The counter of an account's TOTP checks. */
export function totpRule(accountId: string): ThrottleRule {
  return { key: `totp:${accountId}`, limit: TOTP_LIMITS.perAccount, windowMs: TOTP_LIMITS.windowMs };
}

/**
 * Counts one attempt against every rule before the attempt is checked, so that parallel attempts
 * can never check more than the limit's worth. When a rule is at its limit, what was already
 * reserved is given back and the attempt is RATE_LIMITED, with the seconds until that window ends.
 */
export async function reserveAttempt(
  store: ThrottleStore,
  rules: readonly ThrottleRule[],
  now: Date,
  refusal: string,
): Promise<Reservation[]> {
  const reservations: Reservation[] = [];
  for (const rule of rules) {
    const outcome = await store.reserve(rule, now);
    if (!outcome.reserved) {
      await releaseAttempts(store, reservations);
      throw new RateLimited(refusal, Math.ceil(outcome.retryAfterMs / 1000));
    }
    reservations.push({ key: rule.key, windowStartedAt: outcome.windowStartedAt });
  }
  return reservations;
}

/** Gives back reserved attempts: the attempt succeeded, so it is not held against anyone. */
export async function releaseAttempts(
  store: ThrottleStore,
  reservations: readonly Reservation[],
): Promise<void> {
  for (const { key, windowStartedAt } of reservations) await store.release(key, windowStartedAt);
}
