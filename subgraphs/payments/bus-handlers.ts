import type { Bus } from '../../platform/bus';
import { PaymentCommands } from './contract';
import type { PaymentService } from './domain/payment-service';

/** Answers payments' commands (contract.ts): the bus has parsed each request; the service acts on it. */
export function registerCommandHandlers(bus: Bus, payments: PaymentService): () => void {
  return bus.handle(PaymentCommands.creditReward, async (request) => {
    const payment = await payments.creditReward(request);
    return { paymentId: payment.id, status: payment.status, declineReason: payment.declineReason ?? null };
  });
}
