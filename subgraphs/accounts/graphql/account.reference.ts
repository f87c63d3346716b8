import type { AccountsContext } from '../context';
import { AccountNode } from './types';

/** Resolves `Account` references from other subgraphs, batched; one the viewer may not see is null. */
export async function resolveAccountReference(
  reference: { id: string },
  ctx: AccountsContext,
): Promise<AccountNode | null> {
  const account = await ctx.loaders.accountById.load(reference.id);
  if (!account || !(await ctx.access.canReadAccount(account.id))) return null;
  return AccountNode.from(account);
}
