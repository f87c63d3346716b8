import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireAccount } from '../../../platform/auth';
import { NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { pageRequest, toConnection } from '../../../platform/graphql/connections';
import { parseWalletCurrency } from '../domain/currencies';
import { visibleWallet, type WalletsContext } from '../context';
import { OpenWalletInput, PageArgs } from './inputs';
import { LedgerEntryConnection, LedgerEntryType, WalletType } from './types';

/** Wallets: read one, open one, read its statement. */
@Resolver(() => WalletType)
export class WalletResolver {
  @Query(() => WalletType, {
    nullable: true,
    description:
      "A wallet by id: the caller's own, any for an ANALYST, or one a partner app has consent to read.",
  })
  async wallet(
    @Arg('id', () => ID, { description: 'The wallet id.' }) id: string,
    @Ctx() context: WalletsContext,
  ) {
    const wallet = isId(id) ? await visibleWallet(context, id) : null;
    if (!wallet) throw new NotFound('Wallet', id);
    return WalletType.from(wallet);
  }

  @Mutation(() => WalletType, {
    description:
      'Opens a wallet in a currency for the signed-in customer; one wallet per currency per account.',
  })
  async openWallet(
    @Arg('input', () => OpenWalletInput, { description: 'The currency of the new wallet.' })
    input: OpenWalletInput,
    @Ctx() context: WalletsContext,
  ) {
    const accountId = requireAccount(context.viewer);
    const currency = parseWalletCurrency(input.currency, 'input.currency');
    return WalletType.from(await context.wallets.openWallet(context.store, accountId, currency));
  }

  @FieldResolver(() => LedgerEntryConnection, { description: "The wallet's statement, newest entry first." })
  async entries(
    @Root() wallet: WalletType,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() context: WalletsContext,
  ) {
    const page = pageRequest(args.first, args.after);
    const rows = await context.wallets.statement(context.store, wallet.id, page);
    return toConnection(rows, page.first, (entry) => [entry.seq.toString()], LedgerEntryType.from);
  }
}
