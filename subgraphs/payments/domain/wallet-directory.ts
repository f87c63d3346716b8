import type { Bus } from '../../../platform/bus';
import { WalletCommands, type WalletView } from '../../wallets/contract';

/** The facts of a wallet that never change once it is opened: its owner and its currency. */
export interface WalletFacts {
  walletId: string;
  accountId: string;
  currency: string;
}

/** A wallet as the directory knows it: its status only when wallets was asked just now. */
export type KnownWallet = WalletFacts & { status?: WalletView['status'] };

/** How many wallets a directory remembers by default. */
export const DEFAULT_WALLET_DIRECTORY_SIZE = 10_000;

/**
 * Remembers the immutable facts of the wallets payments has asked wallets about, in a bounded
 * least-recently-used map, so a repeat payment between known wallets does not ask again. A
 * wallet's status is never remembered: it changes (frozen, closed), and the ledger refuses a
 * hold on a frozen or closed wallet and a credit to a closed one at the moment money moves.
 */
export class WalletDirectory {
  private readonly facts = new Map<string, WalletFacts>();

  constructor(
    private readonly bus: Bus,
    private readonly capacity = DEFAULT_WALLET_DIRECTORY_SIZE,
  ) {}

  /** The wallet's facts, from memory when known (without a status), else asked of wallets. */
  async lookup(walletId: string): Promise<KnownWallet> {
    const known = this.facts.get(walletId);
    if (known) {
      // Re-inserting moves the entry to the young end of the map's insertion order.
      this.facts.delete(walletId);
      this.facts.set(walletId, known);
      return known;
    }
    return this.fetch(walletId);
  }

  /** Asks wallets for the wallet as it stands now, status included, and remembers its facts. */
  async fetch(walletId: string): Promise<WalletView> {
    const wallet = await this.bus.request(WalletCommands.getWallet, { walletId });
    this.remember({ walletId, accountId: wallet.accountId, currency: wallet.currency });
    return wallet;
  }

  private remember(facts: WalletFacts): void {
    this.facts.delete(facts.walletId);
    this.facts.set(facts.walletId, facts);
    if (this.facts.size > this.capacity) {
      const oldest = this.facts.keys().next();
      if (!oldest.done) this.facts.delete(oldest.value);
    }
  }
}
