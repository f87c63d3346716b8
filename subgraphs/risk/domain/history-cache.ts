import type { PaymentFact } from './facts';

/** The most accounts whose history one process keeps in memory; the least recently used go first. */
const MAX_ACCOUNTS = 10_000;

const RANK: Record<string, number> = {
  PENDING: 0,
  REQUIRES_VERIFICATION: 1,
  HELD_FOR_REVIEW: 1,
  COMPLETED: 2,
  DECLINED: 2,
  REVERSED: 3,
};

/**
 * Each account's recent history in memory, so a decision reads no history from the database:
 * loaded from risk's store the first time an account is scored, then kept current by every
 * decision and every payment event this process sees (all of them: it follows the events on its
 * own, beside the consumer group that writes the store). Events for an account whose history
 * is being loaded wait for the load, so none is lost in between.
 */
export class HistoryCache {
  private readonly accounts = new Map<string, PaymentFact[]>();
  private readonly loading = new Map<string, { pending: PaymentFact[]; done: Promise<PaymentFact[]> }>();

  constructor(
    private readonly limits: { maxAgeMs: number; maxFacts: number },
    private readonly clock: () => Date,
  ) {}

  /** The account's history, newest first, loaded with `load` when it is not in memory. */
  async history(accountId: string, load: () => Promise<PaymentFact[]>): Promise<readonly PaymentFact[]> {
    const cached = this.accounts.get(accountId);
    if (cached) {
      // Refreshes its place in the least-recently-used order.
      this.accounts.delete(accountId);
      this.accounts.set(accountId, cached);
      return this.pruned(accountId, cached);
    }
    const inFlight = this.loading.get(accountId);
    if (inFlight) return inFlight.done;
    const entry = { pending: [] as PaymentFact[], done: Promise.resolve([] as PaymentFact[]) };
    entry.done = load().then(
      (facts) => {
        this.loading.delete(accountId);
        const list = [...facts];
        for (const fact of entry.pending) merge(list, fact);
        this.remember(accountId, list);
        return list;
      },
      (error: unknown) => {
        this.loading.delete(accountId);
        throw error;
      },
    );
    this.loading.set(accountId, entry);
    return entry.done;
  }

  /** Adds or updates what is known of a payment, for an account in memory (or being loaded). */
  record(fact: PaymentFact): void {
    const inFlight = this.loading.get(fact.accountId);
    if (inFlight) {
      inFlight.pending.push(fact);
      return;
    }
    const list = this.accounts.get(fact.accountId);
    if (list) merge(list, fact);
  }

  private remember(accountId: string, list: PaymentFact[]): void {
    this.accounts.set(accountId, list);
    if (this.accounts.size > MAX_ACCOUNTS) {
      const oldest = this.accounts.keys().next().value;
      if (oldest !== undefined) this.accounts.delete(oldest);
    }
  }

  private pruned(accountId: string, list: PaymentFact[]): PaymentFact[] {
    const since = this.clock().getTime() - this.limits.maxAgeMs;
    let keep = list.length;
    while (keep > 0 && list[keep - 1].createdAt.getTime() < since) keep--;
    keep = Math.min(keep, this.limits.maxFacts);
    if (keep < list.length) list.length = keep;
    this.accounts.set(accountId, list);
    return list;
  }
}

/**
 * Puts a fact into a newest-first list: a payment already there takes the newer status (a final
 * status is never overwritten by a waiting one), a new one goes in its place by time.
 */
function merge(list: PaymentFact[], fact: PaymentFact): void {
  const index = list.findIndex((known) => known.paymentId === fact.paymentId);
  if (index >= 0) {
    const known = list[index];
    if ((RANK[fact.status] ?? 0) >= (RANK[known.status] ?? 0)) {
      list[index] = { ...known, status: fact.status, declineReason: fact.declineReason };
    }
    return;
  }
  let at = 0;
  while (at < list.length && list[at].createdAt.getTime() > fact.createdAt.getTime()) at++;
  list.splice(at, 0, fact);
}
