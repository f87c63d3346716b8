import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { AccountCommands } from '../../accounts/contract';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import { DeclineReason, MAX_VERIFICATION_ATTEMPTS, PaymentStatus } from './payment';
import type { VerifyPaymentRequest } from './payment-requests';
import type { PaymentProcessor } from './saga/processor';

/** What verifying a payment needs. */
export interface VerificationDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  now: () => Date;
}

/** Step-up verification: a payment waiting in REQUIRES_VERIFICATION goes on with the payer's TOTP code. */
export class VerificationService {
  constructor(private readonly deps: VerificationDeps) {}

  /**
   * Completes a payment waiting for step-up verification with a TOTP code of the payer. A wrong
   * code is BAD_USER_INPUT; the third wrong code declines the payment (VERIFICATION_FAILED) and
   * releases its hold.
   */
  async verifyPayment(viewer: Viewer, input: VerifyPaymentRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const { processor, store, now } = this.deps;
    const payment = isId(input.paymentId) ? await store.findById(input.paymentId) : null;
    if (!payment || payment.accountId !== accountId) throw new NotFound('Payment', input.paymentId);
    if (payment.status !== PaymentStatus.REQUIRES_VERIFICATION) {
      throw new Conflict(`The payment is ${payment.status}, not waiting for verification`, 'input.paymentId');
    }
    if (!/^\d{6}$/.test(input.code)) throw new BadInput('The code is six digits', 'input.code');
    const { valid } = await this.deps.bus.request(AccountCommands.verifyTotp, {
      accountId,
      code: input.code,
    });
    if (valid) {
      // Back to PENDING with the approval stored, in one write: from here a crash is finished forward.
      const claimed = await store.update(
        payment,
        [PaymentStatus.REQUIRES_VERIFICATION],
        { status: PaymentStatus.PENDING, riskDecision: 'APPROVE' },
        now(),
      );
      if (!claimed) return (await store.findById(payment.id)) ?? payment;
      return processor.resume({ payment, approvalRecorded: true });
    }
    const attempts = payment.verificationAttempts + 1;
    if (attempts < MAX_VERIFICATION_ATTEMPTS) {
      const counted = await store.update(
        payment,
        [PaymentStatus.REQUIRES_VERIFICATION],
        { verificationAttempts: attempts },
        now(),
      );
      if (!counted) return (await store.findById(payment.id)) ?? payment;
      const left = MAX_VERIFICATION_ATTEMPTS - attempts;
      throw new BadInput(`The code is not valid; ${left} attempt${left === 1 ? '' : 's'} left`, 'input.code');
    }
    return processor.abandon(payment, PaymentStatus.REQUIRES_VERIFICATION, {
      declineReason: DeclineReason.VERIFICATION_FAILED,
      verificationAttempts: attempts,
    });
  }
}
