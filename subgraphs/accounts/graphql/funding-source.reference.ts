import type { AccountsContext } from '../context';
import { FundingSourceNode } from './types';

/** Resolves `FundingSource` references, batched; visible to whoever may read its account, else null. */
export async function resolveFundingSourceReference(
  reference: { id: string },
  ctx: AccountsContext,
): Promise<FundingSourceNode | null> {
  const source = await ctx.loaders.fundingSourceById.load(reference.id);
  if (!source || !(await ctx.access.canReadAccount(source.accountId))) return null;
  return FundingSourceNode.from(source);
}
