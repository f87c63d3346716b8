import type { Logger } from '../../../platform/logger';
import type { Payment } from '../store/payment.entity';

/**
 * The payment work under way in this service, and the answer deadline of the mutations that
 * start it. A mutation answers within its budget with the payment as it stands (PENDING is an
 * answer: the client reads it again or subscribes); the work goes on to a final status here, and
 * the service waits for it before it stops.
 */
export class PaymentRuns {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly answerWithinMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * The payment `work` settles it into, if it does within the budget; otherwise (or if the work
   * failed unexpectedly: money may have moved before it did) the payment as it stands then,
   * while the work goes on or is left to the recovery pass.
   */
  async answer(work: Promise<Payment>, asItStands: () => Promise<Payment>): Promise<Payment> {
    const settled = work.then(
      (payment) => ({ payment }),
      (error: unknown) => {
        this.logger.error({ err: error }, 'payment work failed; the recovery pass will finish it');
        return { failed: true as const };
      },
    );
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.answerWithinMs);
    });
    try {
      const first = await Promise.race([settled, deadline]);
      return first === 'late' || 'failed' in first ? asItStands() : first.payment;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once every run under way has finished (each is bounded by its own timeouts). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
