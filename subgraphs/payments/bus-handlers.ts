import type { Bus } from '../../platform/bus';
import { PaymentCommands } from './contract';
import type { PaymentService } from './domain/payment-service';
import type { ReviewService } from './domain/review';
import type { Payment } from './store/payment.entity';

function reply(payment: Payment) {
  return { paymentId: payment.id, status: payment.status, declineReason: payment.declineReason ?? null };
}

/** Answers payments' commands (contract.ts): the bus has parsed each request; the services act on it. */
export function registerCommandHandlers(
  bus: Bus,
  payments: PaymentService,
  review: ReviewService,
): () => void {
  const unregister = [
    bus.handle(PaymentCommands.creditReward, async (request) => reply(await payments.creditReward(request))),
    bus.handle(PaymentCommands.resolveReview, async ({ paymentId, resolution }) =>
      reply(await review.resolve(paymentId, resolution)),
    ),
  ];
  return () => unregister.forEach((stop) => stop());
}
