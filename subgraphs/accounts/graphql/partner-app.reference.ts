import type { AccountsContext } from '../context';
import { PartnerAppNode } from './types';

/** Resolves `PartnerApp` references, batched; signed-out callers see none. */
export async function resolvePartnerAppReference(
  reference: { id: string },
  ctx: AccountsContext,
): Promise<PartnerAppNode | null> {
  if (!ctx.access.canReadPartnerApp()) return null;
  const app = await ctx.loaders.partnerAppById.load(reference.id);
  return app ? PartnerAppNode.from(app) : null;
}
