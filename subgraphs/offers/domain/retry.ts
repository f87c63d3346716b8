import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import type { OffersStores } from '../store/stores';
import type { CashbackCredits } from './credits';
import type { Redemptions } from './redemptions';

/**
 * Asks payments again for credits that got no answer: PENDING cashback and redemptions older
 * than `afterMs`. Payments credits once per reward id, so asking twice is harmless.
 */
export class CreditRetries {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deps: {
      read: () => OffersStores;
      credits: CashbackCredits;
      redemptions: Redemptions;
      clock: Clock;
      logger: Logger;
      intervalMs: number;
      afterMs: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass now; resolves when every credit it found was asked for again. */
  async pass(): Promise<void> {
    const before = new Date(this.deps.clock().getTime() - this.deps.afterMs);
    try {
      const { cashbacks, redemptions } = await this.deps.read().rewards.unanswered(before);
      for (const cashback of cashbacks) await this.deps.credits.credit(cashback.id);
      for (const redemption of redemptions) await this.deps.redemptions.resume(redemption);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'credit retry pass failed; will retry');
    }
  }
}
