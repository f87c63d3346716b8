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
 * One account's history: its facts newest first, and the same facts by payment id, so that a
 * fact is found without reading the list (a payment not seen yet is the common case).
 */
interface AccountHistory {
  facts: PaymentFact[];
  byId: Map<string, PaymentFact>;
}

/**
 * Each account's recent history in memory, so a decision reads no history from the database:
 * loaded from risk's store the first time an account is scored, then kept current by every
 * decision and every payment event this process sees (all of them: it follows the events on its
 * own, beside the consumer group that writes the store). Events for an account whose history
 * is being loaded wait for the load, so none is lost in between.
 */
export class HistoryCache {
  private readonly accounts = new Map<string, AccountHistory>();
  private readonly loading = new Map<string, { pending: PaymentFact[]; done: Promise<PaymentFact[]> }>();

  constructor(
    private readonly limits: { maxAgeMs: number; maxFacts: number },
    private readonly clock: () => Date,
  ) {}

  /**
   * The account's history, newest first, loaded with `load` when it is not in memory. The list
   * is the cache's own and kept current by what is recorded next: read it before awaiting more.
   */
  async history(accountId: string, load: () => Promise<PaymentFact[]>): Promise<readonly PaymentFact[]> {
    const cached = this.accounts.get(accountId);
    if (cached) {
      // Refreshes its place in the least-recently-used order.
      this.accounts.delete(accountId);
      this.accounts.set(accountId, cached);
      return this.pruned(cached);
    }
    const inFlight = this.loading.get(accountId);
    if (inFlight) return inFlight.done;
    const entry = { pending: [] as PaymentFact[], done: Promise.resolve([] as PaymentFact[]) };
    entry.done = load().then(
      (facts) => {
        this.loading.delete(accountId);
        // The store's facts are newest first already, one per payment.
        const account: AccountHistory = {
          facts: [...facts],
          byId: new Map(facts.map((fact) => [fact.paymentId, fact])),
        };
        for (const fact of entry.pending) merge(account, fact);
        this.remember(accountId, account);
        return account.facts;
      },
      (error: unknown) => {
        this.loading.delete(accountId);
        throw error;
      },
    );
    this.loading.set(accountId, entry);
    return entry.done;
  }

  /** Whether the account's history in memory holds the payment (one being scored again, say). */
  has(accountId: string, paymentId: string): boolean {
    return this.accounts.get(accountId)?.byId.has(paymentId) ?? false;
  }

  /** Adds or updates what is known of a payment, for an account in memory (or being loaded). */
  record(fact: PaymentFact): void {
    const inFlight = this.loading.get(fact.accountId);
    if (inFlight) {
      inFlight.pending.push(fact);
      return;
    }
    const account = this.accounts.get(fact.accountId);
    if (account) merge(account, fact);
  }

  private remember(accountId: string, account: AccountHistory): void {
    this.accounts.set(accountId, account);
    if (this.accounts.size > MAX_ACCOUNTS) {
      const oldest = this.accounts.keys().next().value;
      if (oldest !== undefined) this.accounts.delete(oldest);
    }
  }

  /** The facts within the age and count limits; older ones are forgotten. */
  private pruned(account: AccountHistory): PaymentFact[] {
    const { facts, byId } = account;
    const since = this.clock().getTime() - this.limits.maxAgeMs;
    let keep = facts.length;
    while (keep > 0 && facts[keep - 1].createdAt.getTime() < since) keep--;
    keep = Math.min(keep, this.limits.maxFacts);
    for (let i = keep; i < facts.length; i++) byId.delete(facts[i].paymentId);
    if (keep < facts.length) facts.length = keep;
    return facts;
  }
}

/**
 * Puts a fact into an account's history: a payment already there takes the newer status (a
 * final status is never overwritten by a waiting one) and keeps its place; a new one goes in its
 * place by time. Both usually touch the head of the list only: what changes is recent.
 */
function merge(account: AccountHistory, fact: PaymentFact): void {
  const { facts, byId } = account;
  const known = byId.get(fact.paymentId);
  if (known) {
    if ((RANK[fact.status] ?? 0) < (RANK[known.status] ?? 0)) return;
    const updated = { ...known, status: fact.status, declineReason: fact.declineReason };
    facts[facts.indexOf(known)] = updated;
    byId.set(fact.paymentId, updated);
    return;
  }
  const time = fact.createdAt.getTime();
  let at = 0;
  while (at < facts.length && facts[at].createdAt.getTime() > time) at++;
  facts.splice(at, 0, fact);
  byId.set(fact.paymentId, fact);
}
