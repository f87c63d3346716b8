import type { PaymentsContext } from '../context';
import { PaymentNode } from './types';

/** Resolves `Payment` references from other subgraphs, batched; one the viewer may not see is null. */
export async function resolvePaymentReference(
  reference: { id: string },
  ctx: PaymentsContext,
): Promise<PaymentNode | null> {
  const payment = await ctx.services.queries.reference(ctx.access, reference.id, ctx.loaders);
  return payment ? PaymentNode.from(payment) : null;
}
