import {
  TransientFundingError,
  type FundingNetwork,
  type FundingOutcome,
  type FundingRequest,
} from '../../funding-network';
import type { Payment } from '../../../store/payment.entity';
import type { PaymentRun } from '../payment-run';
import { amountOf } from '../payment-run';

/** Calls the funding network, trying again on a transient failure (every call is idempotent by reference). */
export async function withRetries(
  call: () => Promise<FundingOutcome>,
  attempts: number,
): Promise<FundingOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransientFundingError) || attempt >= attempts) throw error;
    }
  }
}

/** The network request of a payment's own movement, referenced by the payment id. */
export function fundingRequest(run: PaymentRun, reference: string = run.payment.id): FundingRequest {
  return { reference, instrument: run.instrument!, amount: amountOf(run.payment) };
}

/** The funding network, as the steps that use it see it. */
export interface FundingSteps {
  network: FundingNetwork;
  attempts: number;
}

/** The reference of the refund that gives back a payment's charge. */
export function refundReference(payment: Payment): string {
  return `${payment.id}:refund`;
}
