import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { AccountCommands } from '../../accounts/contract';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import { DeclineReason, MAX_VERIFICATION_ATTEMPTS, PaymentStatus } from './payment';
import type { VerifyPaymentRequest } from './payment-requests';
import type { PaymentRuns } from './runs';
import type { PaymentClaims } from './saga/claims';
import type { PaymentProcessor } from './saga/processor';

/** What verifying a payment needs. */
export interface VerificationDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  claims: PaymentClaims;
  runs: PaymentRuns;
  now: () => Date;
}

const WAITING = [PaymentStatus.REQUIRES_VERIFICATION];

/**
 * Step-up verification: a payment waiting in REQUIRES_VERIFICATION goes on with the payer's TOTP
 * code. Each attempt is counted atomically before its code is checked, so however many arrive at
 * once at most MAX_VERIFICATION_ATTEMPTS codes are ever checked (accounts also throttles TOTP
 * checks per account, across payments).
 */
export class VerificationService {
  constructor(private readonly deps: VerificationDeps) {}

  /**
   * Completes a payment waiting for step-up verification with a TOTP code of the payer. A wrong
   * code is BAD_USER_INPUT; the last allowed wrong code declines the payment (VERIFICATION_FAILED)
   * and releases its hold. A right code moves the money, after the payer's standing is read again.
   */
  async verifyPayment(viewer: Viewer, input: VerifyPaymentRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const { store, now } = this.deps;
    const payment = isId(input.paymentId) ? await store.findById(input.paymentId) : null;
    if (!payment || payment.accountId !== accountId) throw new NotFound('Payment', input.paymentId);
    if (payment.status !== PaymentStatus.REQUIRES_VERIFICATION) throw notWaiting(payment);
    if (!/^\d{6}$/.test(input.code)) throw new BadInput('The code is six digits', 'input.code');
    const attempts = await store.countVerificationAttempt(payment.id, MAX_VERIFICATION_ATTEMPTS, now());
    if (attempts === null) {
      const current = (await store.findById(payment.id)) ?? payment;
      if (current.status !== PaymentStatus.REQUIRES_VERIFICATION) throw notWaiting(current);
      throw new BadInput('No attempts are left for this payment', 'input.code');
    }
    payment.verificationAttempts = attempts;
    const { valid } = await this.deps.bus.request(AccountCommands.verifyTotp, {
      accountId,
      code: input.code,
    });
    if (valid) return this.approve(payment);
    if (attempts < MAX_VERIFICATION_ATTEMPTS) {
      const left = MAX_VERIFICATION_ATTEMPTS - attempts;
      throw new BadInput(`The code is not valid; ${left} attempt${left === 1 ? '' : 's'} left`, 'input.code');
    }
    return this.decline(payment);
  }

  /** A right code: back to PENDING with the approval stored, under this runner's claim, then on. */
  private async approve(payment: Payment): Promise<Payment> {
    const { store, processor, claims, runs, now } = this.deps;
    const claim = await claims.take(payment, WAITING);
    if (!claim) throw new Conflict('The payment is already being processed', 'input.paymentId');
    const moved = await store.update(
      payment,
      WAITING,
      { status: PaymentStatus.PENDING, riskDecision: 'APPROVE', expiresAt: null },
      now(),
      { claimedBy: claim.runnerId },
    );
    if (!moved) return (await store.findById(payment.id)) ?? payment;
    const work = processor.resume({ payment, claim, approvalRecorded: true, resumedFromWait: true });
    return runs.answer(work, async () => (await store.findById(payment.id)) ?? payment);
  }

  /** The last allowed wrong code: the payment is declined and its hold released. */
  private async decline(payment: Payment): Promise<Payment> {
    const { store, processor, claims } = this.deps;
    const claim = await claims.take(payment, WAITING);
    if (!claim) return (await store.findById(payment.id)) ?? payment;
    return processor.abandon(payment, claim, PaymentStatus.REQUIRES_VERIFICATION, {
      declineReason: DeclineReason.VERIFICATION_FAILED,
    });
  }
}

function notWaiting(payment: Payment): Conflict {
  return new Conflict(`The payment is ${payment.status}, not waiting for verification`, 'input.paymentId');
}
