import { randomUUID } from 'node:crypto';
import type { PartnerScope } from '../../../platform/auth';
import type { Bus, ParsedRequestOf, ReplyInputOf } from '../../../platform/bus';
import { Conflict, NotFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import {
  AccountCommands,
  type AccountStanding,
  type FundingSourceKind,
  type FundingSourceView,
} from '../../accounts/contract';
import {
  WalletCommands,
  type LedgerSide,
  type RejectionReason,
  type WalletStatus,
  type WalletView,
} from '../../wallets/contract';

interface FakeWallet extends WalletView {
  balance: bigint;
  held: bigint;
}

interface FakeHold {
  holdId: string;
  walletId: string;
  paymentId: string | null;
  amountMinor: bigint;
  currency: string;
  status: 'PENDING' | 'POSTED' | 'VOIDED';
}

type HoldReply = ReplyInputOf<typeof WalletCommands.placeHold>;
type TransferReply = ReplyInputOf<typeof WalletCommands.transfer>;
type TransferCommand = ParsedRequestOf<typeof WalletCommands.transfer>;

/**
 * A stand-in for the accounts and wallets services in the payments domain's tests: it answers
 * the same bus commands, parsed with the same contracts, with the same semantics (idempotent
 * holds, available balance never below zero, balanced double entry with system accounts), in
 * memory. Faults are injected through the bus (FaultInjectingBus), as with the real services.
 */
export class FakeBank {
  readonly accounts = new Map<string, AccountStanding>();
  readonly fundingSources = new Map<string, FundingSourceView>();
  readonly wallets = new Map<string, FakeWallet>();
  readonly holds = new Map<string, FakeHold>();
  /** Balances of system accounts, keyed `SYSTEM:CUR`. */
  readonly system = new Map<string, bigint>();
  /** How many times each command was answered. */
  readonly calls = new Map<string, number>();
  private readonly transfers = new Map<string, TransferReply>();
  private readonly holdReplies = new Map<string, HoldReply>();
  private readonly validCodes = new Map<string, Set<string>>();
  private readonly consents = new Map<string, PartnerScope[]>();

  constructor(bus: Bus) {
    const count = (subject: string) => this.calls.set(subject, (this.calls.get(subject) ?? 0) + 1);
    bus.handle(AccountCommands.getAccount, async ({ accountId }) => {
      count(AccountCommands.getAccount.subject);
      const account = this.accounts.get(accountId);
      if (!account) throw new NotFound('Account', accountId);
      return account;
    });
    bus.handle(AccountCommands.verifyTotp, async ({ accountId, code }) => {
      count(AccountCommands.verifyTotp.subject);
      return { valid: this.validCodes.get(accountId)?.delete(code) ?? false };
    });
    bus.handle(AccountCommands.partnerAccess, async ({ partnerAppId, accountId }) => ({
      scopes: this.consents.get(`${partnerAppId}:${accountId}`) ?? [],
    }));
    bus.handle(AccountCommands.getFundingSource, async ({ fundingSourceId, accountId }) => {
      const source = this.fundingSources.get(fundingSourceId);
      if (!source || source.accountId !== accountId) throw new NotFound('FundingSource', fundingSourceId);
      return source;
    });
    bus.handle(WalletCommands.getWallet, async ({ walletId }) => {
      count(WalletCommands.getWallet.subject);
      const wallet = this.wallets.get(walletId);
      if (!wallet) throw new NotFound('Wallet', walletId);
      return { walletId, accountId: wallet.accountId, currency: wallet.currency, status: wallet.status };
    });
    bus.handle(WalletCommands.placeHold, async (req) => {
      count(WalletCommands.placeHold.subject);
      const earlier = this.holdReplies.get(req.holdId);
      if (earlier) {
        const hold = this.holds.get(req.holdId);
        if (hold && (hold.walletId !== req.walletId || hold.amountMinor !== req.amountMinor)) {
          throw new Conflict('Hold id reused with other parameters');
        }
        return earlier;
      }
      const wallet = this.wallets.get(req.walletId);
      if (!wallet) throw new NotFound('Wallet', req.walletId);
      let reply: HoldReply;
      if (wallet.status !== 'ACTIVE') {
        const reason = wallet.status === 'FROZEN' ? 'WALLET_FROZEN' : 'WALLET_CLOSED';
        reply = { holdId: req.holdId, outcome: 'REJECTED', reason };
      } else if (wallet.balance - wallet.held < req.amountMinor) {
        reply = { holdId: req.holdId, outcome: 'REJECTED', reason: 'INSUFFICIENT_FUNDS' };
      } else {
        wallet.held += req.amountMinor;
        reply = { holdId: req.holdId, outcome: 'PLACED' };
        this.holds.set(req.holdId, {
          holdId: req.holdId,
          walletId: req.walletId,
          paymentId: req.paymentId ?? null,
          amountMinor: req.amountMinor,
          currency: req.currency,
          status: 'PENDING',
        });
      }
      this.holdReplies.set(req.holdId, reply);
      return reply;
    });
    bus.handle(WalletCommands.postHold, async (req) => {
      count(WalletCommands.postHold.subject);
      const hold = this.holds.get(req.holdId);
      if (!hold) throw new NotFound('Hold', req.holdId);
      if (hold.status === 'POSTED') return { holdId: req.holdId, outcome: 'POSTED' as const };
      if (hold.status === 'VOIDED') throw new Conflict('The hold was voided');
      // Like the ledger: a closed wallet takes no credit, and the refused posting changes nothing.
      if ('walletId' in req.credit && this.wallets.get(req.credit.walletId)?.status === 'CLOSED') {
        throw new Conflict(`Wallet ${req.credit.walletId} is closed`, 'credit');
      }
      const wallet = this.wallets.get(hold.walletId)!;
      wallet.held -= hold.amountMinor;
      wallet.balance -= hold.amountMinor;
      const creditedCurrency = req.creditedCurrency ?? hold.currency;
      const credited = req.creditedAmountMinor ?? hold.amountMinor;
      if (creditedCurrency !== hold.currency) {
        this.adjust('FX', hold.currency, hold.amountMinor);
        this.adjust('FX', creditedCurrency, -credited);
      }
      this.credit(req.credit, creditedCurrency, credited);
      hold.status = 'POSTED';
      return { holdId: req.holdId, outcome: 'POSTED' as const };
    });
    bus.handle(WalletCommands.voidHold, async ({ holdId }) => {
      count(WalletCommands.voidHold.subject);
      if (this.transfers.get(holdId)?.outcome === 'POSTED') throw new Conflict('The transfer was posted');
      const hold = this.holds.get(holdId);
      if (hold?.status === 'POSTED') throw new Conflict('The hold was posted');
      if (hold?.status === 'PENDING') {
        this.wallets.get(hold.walletId)!.held -= hold.amountMinor;
        hold.status = 'VOIDED';
      }
      // Like the ledger: an id voided before any hold leaves a tombstone that refuses a late one.
      if (!this.holdReplies.has(holdId) && !this.transfers.has(holdId)) {
        this.holdReplies.set(holdId, { holdId, outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
      }
      return { holdId, outcome: 'VOIDED' as const };
    });
    bus.handle(WalletCommands.transfer, async (req) => {
      count(WalletCommands.transfer.subject);
      const earlier = this.transfers.get(req.transferId);
      if (earlier) return earlier;
      // Like the ledger: an id voided before the transfer arrived moves nothing.
      if (this.holdReplies.get(req.transferId)?.outcome === 'REJECTED') {
        return { transferId: req.transferId, outcome: 'REJECTED' as const, reason: 'HOLD_VOIDED' as const };
      }
      const reply = 'walletId' in req.debit ? this.betweenWallets(req) : this.fromSystem(req);
      this.transfers.set(req.transferId, reply);
      return reply;
    });
    bus.handle(WalletCommands.getTransfer, async ({ transferId }) => {
      const reply = this.transfers.get(transferId);
      if (!reply) throw new NotFound('Transfer', transferId);
      return reply;
    });
    bus.handle(WalletCommands.getHold, async ({ holdId }) => {
      const hold = this.holds.get(holdId);
      if (hold) return { ...hold, amountMinor: hold.amountMinor.toString() };
      if (this.holdReplies.get(holdId)?.outcome === 'REJECTED') {
        return {
          holdId,
          walletId: null,
          paymentId: null,
          amountMinor: '0',
          currency: 'EUR',
          status: 'VOIDED' as const,
        };
      }
      throw new NotFound('Hold', holdId);
    });
  }

  /** A customer with `mfaEnabled` and `status`. */
  addAccount(options: Partial<AccountStanding> = {}): string {
    const accountId = options.accountId ?? newId();
    this.accounts.set(accountId, {
      accountId,
      status: 'ACTIVE',
      mfaEnabled: false,
      roles: ['CUSTOMER'],
      ...options,
    });
    return accountId;
  }

  addWallet(accountId: string, currency: string, balanceMinor = 0n, status: WalletStatus = 'ACTIVE'): string {
    const walletId = newId();
    this.wallets.set(walletId, { walletId, accountId, currency, status, balance: balanceMinor, held: 0n });
    // Opening balances come from FUNDING, so the books balance from the start.
    this.adjust('FUNDING', currency, -balanceMinor);
    return walletId;
  }

  addFundingSource(accountId: string, kind: FundingSourceKind, last4 = '4242'): string {
    const fundingSourceId = newId();
    this.fundingSources.set(fundingSourceId, {
      fundingSourceId,
      accountId,
      kind,
      status: 'ACTIVE',
      last4,
      brand: kind === 'BANK_ACCOUNT' ? null : 'VISA',
      token: randomUUID(),
    });
    return fundingSourceId;
  }

  /** Makes `code` a valid TOTP code for the account, once. */
  acceptCode(accountId: string, code: string): void {
    if (!this.validCodes.has(accountId)) this.validCodes.set(accountId, new Set());
    this.validCodes.get(accountId)!.add(code);
  }

  grant(partnerAppId: string, accountId: string, scopes: PartnerScope[]): void {
    this.consents.set(`${partnerAppId}:${accountId}`, scopes);
  }

  balance(walletId: string): bigint {
    return this.wallets.get(walletId)!.balance;
  }

  available(walletId: string): bigint {
    const wallet = this.wallets.get(walletId)!;
    return wallet.balance - wallet.held;
  }

  /** The sum of every wallet and system account per currency: zero when the books balance. */
  totals(): Map<string, bigint> {
    const totals = new Map<string, bigint>();
    for (const wallet of this.wallets.values()) {
      totals.set(wallet.currency, (totals.get(wallet.currency) ?? 0n) + wallet.balance);
    }
    for (const [key, amount] of this.system) {
      const currency = key.split(':')[1];
      totals.set(currency, (totals.get(currency) ?? 0n) + amount);
    }
    return totals;
  }

  systemBalance(system: string, currency: string): bigint {
    return this.system.get(`${system}:${currency}`) ?? 0n;
  }

  /** Like the ledger: the payer's wallet must be ACTIVE and cover the amount; a CLOSED payee takes nothing. */
  private betweenWallets(req: TransferCommand): TransferReply {
    const { transferId, amountMinor, currency } = req;
    const from = this.wallets.get((req.debit as { walletId: string }).walletId);
    if (!from) throw new NotFound('Wallet', (req.debit as { walletId: string }).walletId);
    if (from.status !== 'ACTIVE') {
      const reason = from.status === 'FROZEN' ? 'WALLET_FROZEN' : 'WALLET_CLOSED';
      return { transferId, outcome: 'REJECTED', reason };
    }
    if (from.balance - from.held < amountMinor)
      return { transferId, outcome: 'REJECTED', reason: 'INSUFFICIENT_FUNDS' };
    if ('walletId' in req.credit && this.wallets.get(req.credit.walletId)?.status === 'CLOSED') {
      throw new Conflict(`Wallet ${req.credit.walletId} is closed`, 'credit');
    }
    const creditedCurrency = req.creditedCurrency ?? currency;
    const credited = req.creditedAmountMinor ?? amountMinor;
    from.balance -= amountMinor;
    if (creditedCurrency !== currency) {
      this.adjust('FX', currency, amountMinor);
      this.adjust('FX', creditedCurrency, -credited);
    }
    this.credit(req.credit, creditedCurrency, credited);
    return { transferId, outcome: 'POSTED' };
  }

  /** Top-ups and rewards: a system account pays; a wallet that is not ACTIVE takes nothing. */
  private fromSystem(req: TransferCommand): TransferReply {
    const { transferId } = req;
    if ('walletId' in req.credit) {
      const target = this.wallets.get(req.credit.walletId);
      if (!target) throw new NotFound('Wallet', req.credit.walletId);
      if (target.status !== 'ACTIVE') {
        const reason: RejectionReason = target.status === 'FROZEN' ? 'WALLET_FROZEN' : 'WALLET_CLOSED';
        return { transferId, outcome: 'REJECTED', reason };
      }
    }
    this.credit(req.debit, req.currency, -req.amountMinor);
    this.credit(req.credit, req.currency, req.amountMinor);
    return { transferId, outcome: 'POSTED' };
  }

  private credit(side: LedgerSide, currency: string, amount: bigint): void {
    if ('walletId' in side) {
      const wallet = this.wallets.get(side.walletId);
      if (!wallet) throw new NotFound('Wallet', side.walletId);
      wallet.balance += amount;
    } else {
      this.adjust(side.system, currency, amount);
    }
  }

  private adjust(system: string, currency: string, amount: bigint): void {
    const key = `${system}:${currency}`;
    this.system.set(key, (this.system.get(key) ?? 0n) + amount);
  }
}
