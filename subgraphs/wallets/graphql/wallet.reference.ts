import { isId } from '../../../platform/ids';
import { visibleWallet, type WalletsContext } from '../context';
import { WalletType } from './types';

/**
 * Resolves Wallet references from other subgraphs through the request's DataLoader, with the
 * same visibility rule as `Query.wallet`: a wallet the caller may not see resolves to null.
 */
export const walletReference = {
  Wallet: {
    async __resolveReference(reference: { id: string }, context: WalletsContext): Promise<WalletType | null> {
      if (!isId(reference.id)) return null;
      const wallet = await visibleWallet(context, reference.id);
      return wallet ? WalletType.from(wallet) : null;
    },
  },
};
