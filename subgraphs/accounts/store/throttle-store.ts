import { raw, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { SignInThrottle } from './sign-in-throttle.entity';

/** Failure counters in fixed windows, shared by every instance of the service. */
export class ThrottleStore {
  constructor(private readonly em: EntityManager) {}

  /** The counters of these keys, read afresh. */
  counters(keys: readonly string[]): Promise<SignInThrottle[]> {
    return this.em.fork().find(SignInThrottle, { key: { $in: [...keys] } });
  }

  /**
   * Counts one failure against `key`, starting a new window at `now` where the last one began
   * before `windowStart`. The increment is one atomic UPDATE, so concurrent failures on other
   * instances all count.
   */
  async countFailure(key: string, windowStart: Date, now: Date): Promise<void> {
    const fork = this.em.fork();
    for (let attempt = 0; ; attempt++) {
      const counted = await fork.nativeUpdate(
        SignInThrottle,
        { key, windowStartedAt: { $gt: windowStart } },
        { failures: raw('failures + 1') },
      );
      if (counted) return;
      const restarted = await fork.nativeUpdate(
        SignInThrottle,
        { key },
        { failures: 1, windowStartedAt: now },
      );
      if (restarted) return;
      try {
        await fork.insert(SignInThrottle, { key, failures: 1, windowStartedAt: now });
        return;
      } catch (error) {
        // Two first failures at once both insert; the loser counts again as an update.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
      }
    }
  }

  /** Forgets a key's failures. */
  async clear(key: string): Promise<void> {
    await this.em.fork().nativeDelete(SignInThrottle, { key });
  }
}
