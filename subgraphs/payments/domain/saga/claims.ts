import { newId } from '../../../../platform/ids';
import type { Payment } from '../../store/payment.entity';
import type { PaymentChanges, PaymentStore } from '../../store/payment-store';
import type { PaymentStatus } from '../payment';

/** Thrown before a step when the runner no longer holds the payment's claim: another runner took over. */
export class ClaimLost extends Error {
  constructor(readonly paymentId: string) {
    super(`The claim on payment ${paymentId} was lost`);
    this.name = 'ClaimLost';
  }
}

/** How long a claim lasts, and how much of it a step may need. */
export interface ClaimSettings {
  /** A claim's lifetime; a runner that dies lets its payments go after this long. */
  ttlMs: number;
  /** The longest one step may take (a bus command or a funding-network call with its retries). */
  stepBudgetMs: number;
}

/** The columns of a payment's final write for its runner: the claim is given back. */
export const CLAIM_RELEASED: PaymentChanges = { claimedBy: null, claimExpiresAt: null };

/**
 * This runner's claims on payments. A payment is worked on by one runner at a time: whoever
 * records it holds its claim, and any other runner (a recovery pass, a verification, another
 * instance) takes it with a conditional update only when nobody holds it or the holder's lease
 * has expired.
 */
export class PaymentClaims {
  /** Names this runner (one per service instance) in the claims it holds. */
  readonly runnerId = `runner-${newId()}`;

  constructor(
    private readonly store: PaymentStore,
    private readonly now: () => Date,
    private readonly settings: ClaimSettings,
  ) {}

  /** The claim columns of a payment this runner records and works on at once. */
  forNewPayment(): Pick<Payment, 'claimedBy' | 'claimExpiresAt'> {
    return { claimedBy: this.runnerId, claimExpiresAt: this.until() };
  }

  /** The claim this runner holds on a payment it has just recorded. */
  held(payment: Payment): Claim {
    return new Claim(payment.id, this.runnerId, payment.claimExpiresAt ?? this.until(), this);
  }

  /**
   * Takes the claim on a stored payment in one of `statuses`; null when another runner holds it.
   * `now` is the instant claims are compared at (a recovery pass may be run for a later time).
   */
  async take(payment: Payment, statuses: PaymentStatus[], now = this.now()): Promise<Claim | null> {
    const until = new Date(now.getTime() + this.settings.ttlMs);
    if (!(await this.store.claim(payment.id, statuses, this.runnerId, now, until))) return null;
    payment.claimedBy = this.runnerId;
    payment.claimExpiresAt = until;
    return new Claim(payment.id, this.runnerId, until, this);
  }

  /** @internal Extends a claim; false when it was lost. */
  async renew(paymentId: string): Promise<Date | null> {
    const until = this.until();
    return (await this.store.renewClaim(paymentId, this.runnerId, until)) ? until : null;
  }

  /** @internal Whether a claim until `expiresAt` leaves room for a whole step from now. */
  roomFor(expiresAt: Date): boolean {
    return expiresAt.getTime() - this.now().getTime() > this.settings.stepBudgetMs;
  }

  private until(): Date {
    return new Date(this.now().getTime() + this.settings.ttlMs);
  }
}

/**
 * A runner's lease on one payment. Before each step of the saga the runner asserts it: while
 * enough of the lease is left for the step it holds without a query; otherwise it is renewed
 * in the database, which fails if another runner has taken the payment meanwhile.
 */
export class Claim {
  constructor(
    readonly paymentId: string,
    readonly runnerId: string,
    private expiresAt: Date,
    private readonly claims: PaymentClaims,
  ) {}

  /** Holds the claim for one more step, or throws ClaimLost. */
  async assert(): Promise<void> {
    if (this.claims.roomFor(this.expiresAt)) return;
    const renewed = await this.claims.renew(this.paymentId);
    if (!renewed) throw new ClaimLost(this.paymentId);
    this.expiresAt = renewed;
  }
}
