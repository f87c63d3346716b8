import { consumeOnce, type Bus } from '../../platform/bus';
import { unitOver, type Database } from '../../platform/database';
import { BadInput, NotFound } from '../../platform/errors';
import { isId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { Money } from '../../platform/money';
import { AccountEvents } from '../accounts/contract';
import { WalletCommands, type LedgerSide } from './contract';
import { applyAccountStatus } from './domain/account-status';
import type { Ledger } from './domain/ledger';
import { WalletStore } from './store/wallet-store';

/** The consumer group under which wallets processes account events once. */
export const ACCOUNT_STATUS_CONSUMER = 'wallets.account-status';

/** A wallet id that cannot exist reads as NOT_FOUND, like one that does not. */
function wallet(id: string): string {
  if (!isId(id)) throw new NotFound('Wallet', id);
  return id;
}

function side(parsed: LedgerSide): LedgerSide {
  return 'walletId' in parsed ? { walletId: wallet(parsed.walletId) } : parsed;
}

function credited(amountMinor?: bigint | null, currency?: string | null): Money | undefined {
  if (amountMinor == null && currency == null) return undefined;
  if (amountMinor == null || currency == null) {
    throw new BadInput('creditedAmountMinor and creditedCurrency go together', 'creditedAmountMinor');
  }
  return Money.ofMinor(amountMinor, currency);
}

/** Answers the ledger's commands (contract.ts): the bus has parsed each request; the ledger acts on it. */
export function registerCommandHandlers(bus: Bus, ledger: Ledger): () => void {
  const unregister = [
    bus.handle(WalletCommands.getWallet, async ({ walletId }) => ledger.getWallet(wallet(walletId))),
    bus.handle(WalletCommands.placeHold, async (p) =>
      ledger.placeHold({
        holdId: p.holdId,
        walletId: wallet(p.walletId),
        amount: Money.ofMinor(p.amountMinor, p.currency),
        paymentId: p.paymentId ?? null,
      }),
    ),
    bus.handle(WalletCommands.postHold, async (p) =>
      ledger.postHold({
        holdId: p.holdId,
        credit: side(p.credit),
        credited: credited(p.creditedAmountMinor, p.creditedCurrency),
      }),
    ),
    bus.handle(WalletCommands.voidHold, async ({ holdId }) => ledger.voidHold(holdId)),
    bus.handle(WalletCommands.getHold, async ({ holdId }) => ledger.getHold(holdId)),
    bus.handle(WalletCommands.getTransfer, async ({ transferId }) => ledger.getTransfer(transferId)),
    bus.handle(WalletCommands.transfer, async (p) =>
      ledger.transfer({
        transferId: p.transferId,
        debit: side(p.debit),
        credit: side(p.credit),
        amount: Money.ofMinor(p.amountMinor, p.currency),
        paymentId: p.paymentId ?? null,
        credited: credited(p.creditedAmountMinor, p.creditedCurrency),
      }),
    ),
  ];
  return () => unregister.forEach((stop) => stop());
}

/** Answers what another service may ask of an account's wallets, from the wallets' own tables. */
export function registerWalletQueries(bus: Bus, database: Database): () => void {
  return bus.handle(WalletCommands.walletsOf, async ({ accountId }) => {
    const wallets = isId(accountId)
      ? await new WalletStore(database.unit(), database.dialect).walletsOf([accountId])
      : [];
    return {
      wallets: wallets.map((wallet) => ({
        walletId: wallet.id,
        accountId,
        currency: wallet.currency,
        status: wallet.status,
      })),
    };
  });
}

/** Follows accounts' freezes and unfreezes onto the account's wallets, once per event. */
export function registerConsumers(bus: Bus, database: Database, logger: Logger): () => void {
  const unsubscribe = bus.subscribe(
    [AccountEvents.frozen, AccountEvents.unfrozen],
    ACCOUNT_STATUS_CONSUMER,
    async (event) => {
      const { accountId } = event.data;
      const status = event.type === AccountEvents.frozen.type ? 'FROZEN' : 'ACTIVE';
      await consumeOnce(database.fork(), ACCOUNT_STATUS_CONSUMER, event, (em) =>
        applyAccountStatus(
          new WalletStore(unitOver(em), database.dialect),
          accountId,
          status,
          new Date(event.occurredAt),
        ).then(() => undefined),
      );
      logger.info({ accountId, status, eventId: event.id }, 'account status applied to wallets');
    },
  );
  return unsubscribe;
}
