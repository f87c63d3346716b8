import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WalletsContext } from '../context';
import { AccountRef, WalletType } from './types';

/** What wallets contributes to the accounts subgraph's Account. */
@Resolver(() => AccountRef)
export class AccountWalletsResolver {
  @FieldResolver(() => [WalletType], {
    description: "The account's wallets, oldest first; empty for a caller who may not see them.",
  })
  async wallets(@Root() account: AccountRef, @Ctx() context: WalletsContext): Promise<WalletType[]> {
    if (!(await context.access.canReadAccount(account.id))) return [];
    const wallets = await context.loaders.walletsByAccount.load(account.id);
    return wallets.map(WalletType.from);
  }
}
