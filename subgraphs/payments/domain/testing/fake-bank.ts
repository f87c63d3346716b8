import { randomUUID } from 'node:crypto';
import type { Bus } from '../../../../platform/bus';
import { Conflict, NotFound } from '../../../../platform/errors';
import { newId } from '../../../../platform/ids';
import {
  GetAccount,
  GetFundingSource,
  GetHold,
  GetWallet,
  LedgerTransfer,
  PartnerAccess,
  PlaceHold,
  PostHold,
  VerifyTotp,
  VoidHold,
  type AccountInfo,
  type FundingSourceInfo,
  type HoldInfo,
  type LedgerParty,
  type PlaceHoldReply,
  type WalletInfo,
} from '../../events';

interface FakeWallet extends WalletInfo {
  balance: bigint;
  held: bigint;
}

/**
 * A stand-in for the accounts and wallets services in unit tests: it answers the same bus
 * commands with the same semantics (idempotent holds, available balance never below zero,
 * balanced double entry with system accounts), in memory. Failures can be injected per command.
 */
export class FakeBank {
  readonly accounts = new Map<string, AccountInfo>();
  readonly fundingSources = new Map<string, FundingSourceInfo>();
  readonly wallets = new Map<string, FakeWallet>();
  readonly holds = new Map<string, HoldInfo & { outcome: PlaceHoldReply }>();
  /** Balances of system accounts, keyed `SYSTEM:CUR`. */
  readonly system = new Map<string, bigint>();
  readonly calls = new Map<string, number>();
  private readonly transfers = new Map<string, string>();
  private readonly rejectedHolds = new Map<string, PlaceHoldReply>();
  private readonly validCodes = new Map<string, Set<string>>();
  private readonly consents = new Map<string, string[]>();
  private readonly failures = new Map<string, Error[]>();

  constructor(bus: Bus) {
    const on = <Req, Res>(cmd: { subject: string }, handler: (payload: Req) => Promise<Res>) =>
      bus.handle(cmd as never, async (payload: Req) => {
        this.calls.set(cmd.subject, (this.calls.get(cmd.subject) ?? 0) + 1);
        const failure = this.failures.get(cmd.subject)?.shift();
        if (failure) throw failure;
        return handler(payload);
      });
    on(GetAccount, async ({ accountId }: { accountId: string }) => {
      const account = this.accounts.get(accountId);
      if (!account) throw new NotFound('Account', accountId);
      return account;
    });
    on(VerifyTotp, async ({ accountId, code }: { accountId: string; code: string }) => {
      const codes = this.validCodes.get(accountId);
      const valid = codes?.delete(code) ?? false;
      return { valid };
    });
    on(PartnerAccess, async ({ partnerAppId, accountId }: { partnerAppId: string; accountId: string }) => ({
      scopes: this.consents.get(`${partnerAppId}:${accountId}`) ?? [],
    }));
    on(
      GetFundingSource,
      async ({ fundingSourceId, accountId }: { fundingSourceId: string; accountId: string }) => {
        const source = this.fundingSources.get(fundingSourceId);
        if (!source || source.accountId !== accountId) throw new NotFound('FundingSource', fundingSourceId);
        return source;
      },
    );
    on(GetWallet, async ({ walletId }: { walletId: string }) => {
      const wallet = this.wallets.get(walletId);
      if (!wallet) throw new NotFound('Wallet', walletId);
      return { walletId, accountId: wallet.accountId, currency: wallet.currency, status: wallet.status };
    });
    on(
      PlaceHold,
      async (req: {
        holdId: string;
        walletId: string;
        amountMinor: string;
        currency: string;
        paymentId: string;
      }) => {
        const rejected = this.rejectedHolds.get(req.holdId);
        if (rejected) return rejected;
        const existing = this.holds.get(req.holdId);
        if (existing) {
          if (existing.walletId !== req.walletId || existing.amountMinor !== req.amountMinor) {
            throw new Conflict('Hold id reused with other parameters');
          }
          return existing.outcome;
        }
        const wallet = this.wallets.get(req.walletId);
        if (!wallet) throw new NotFound('Wallet', req.walletId);
        const amount = BigInt(req.amountMinor);
        let outcome: PlaceHoldReply;
        if (wallet.status !== 'ACTIVE') {
          outcome = {
            holdId: req.holdId,
            outcome: 'REJECTED',
            reason: wallet.status === 'FROZEN' ? 'WALLET_FROZEN' : 'WALLET_CLOSED',
          };
        } else if (wallet.balance - wallet.held < amount) {
          outcome = { holdId: req.holdId, outcome: 'REJECTED', reason: 'INSUFFICIENT_FUNDS' };
        } else {
          wallet.held += amount;
          outcome = { holdId: req.holdId, outcome: 'PLACED' };
        }
        if (outcome.outcome === 'PLACED') this.holds.set(req.holdId, { ...req, status: 'PENDING', outcome });
        else this.rejectedHolds.set(req.holdId, outcome);
        return outcome;
      },
    );
    on(
      PostHold,
      async (req: {
        holdId: string;
        credit: LedgerParty;
        creditedAmountMinor?: string;
        creditedCurrency?: string;
      }) => {
        const hold = this.holds.get(req.holdId);
        if (!hold) throw new NotFound('Hold', req.holdId);
        if (hold.status === 'POSTED') return { holdId: req.holdId, outcome: 'POSTED' as const };
        if (hold.status === 'VOIDED') throw new Conflict('The hold was voided');
        // Like the ledger: a closed wallet takes no credit, and the refused posting changes nothing.
        if ('walletId' in req.credit && this.wallets.get(req.credit.walletId)?.status === 'CLOSED') {
          throw new Conflict(`Wallet ${req.credit.walletId} is closed`, 'credit');
        }
        const wallet = this.wallets.get(hold.walletId)!;
        const amount = BigInt(hold.amountMinor);
        wallet.held -= amount;
        wallet.balance -= amount;
        const creditedCurrency = req.creditedCurrency ?? hold.currency;
        const credited = req.creditedAmountMinor ? BigInt(req.creditedAmountMinor) : amount;
        if (creditedCurrency !== hold.currency) {
          this.adjust('FX', hold.currency, amount);
          this.adjust('FX', creditedCurrency, -credited);
        }
        this.credit(req.credit, creditedCurrency, credited);
        hold.status = 'POSTED';
        return { holdId: req.holdId, outcome: 'POSTED' as const };
      },
    );
    on(VoidHold, async ({ holdId }: { holdId: string }) => {
      const hold = this.holds.get(holdId);
      if (!hold) throw new NotFound('Hold', holdId);
      if (hold.status === 'POSTED') throw new Conflict('The hold was posted');
      if (hold.status === 'PENDING') {
        this.wallets.get(hold.walletId)!.held -= BigInt(hold.amountMinor);
        hold.status = 'VOIDED';
      }
      return { holdId, outcome: 'VOIDED' as const };
    });
    on(
      LedgerTransfer,
      async (req: {
        transferId: string;
        debit: LedgerParty;
        credit: LedgerParty;
        amountMinor: string;
        currency: string;
      }) => {
        if (this.transfers.has(req.transferId))
          return { transferId: req.transferId, outcome: 'POSTED' as const };
        const amount = BigInt(req.amountMinor);
        if ('walletId' in req.credit) {
          const target = this.wallets.get(req.credit.walletId);
          if (!target) throw new NotFound('Wallet', req.credit.walletId);
          if (target.status !== 'ACTIVE') {
            return {
              transferId: req.transferId,
              outcome: 'REJECTED' as const,
              reason: `WALLET_${target.status}`,
            };
          }
        }
        this.credit(req.debit, req.currency, -amount);
        this.credit(req.credit, req.currency, amount);
        this.transfers.set(req.transferId, req.currency);
        return { transferId: req.transferId, outcome: 'POSTED' as const };
      },
    );
    on(GetHold, async ({ holdId }: { holdId: string }) => {
      const hold = this.holds.get(holdId);
      if (!hold) throw new NotFound('Hold', holdId);
      const { outcome: _outcome, ...info } = hold;
      return info;
    });
  }

  /** A customer with `mfaEnabled` and `status`. */
  addAccount(options: Partial<AccountInfo> = {}): string {
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

  addWallet(
    accountId: string,
    currency: string,
    balanceMinor = 0n,
    status: WalletInfo['status'] = 'ACTIVE',
  ): string {
    const walletId = newId();
    this.wallets.set(walletId, { walletId, accountId, currency, status, balance: balanceMinor, held: 0n });
    // Opening balances come from FUNDING, so the books balance from the start.
    this.adjust('FUNDING', currency, -balanceMinor);
    return walletId;
  }

  addFundingSource(accountId: string, kind: FundingSourceInfo['kind'], last4 = '4242'): string {
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

  grant(partnerAppId: string, accountId: string, scopes: string[]): void {
    this.consents.set(`${partnerAppId}:${accountId}`, scopes);
  }

  /** The next `times` calls of `subject` throw `error` instead of answering. */
  failNext(subject: string, error: Error, times = 1): void {
    this.failures.set(subject, [...(this.failures.get(subject) ?? []), ...Array<Error>(times).fill(error)]);
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

  private credit(party: LedgerParty, currency: string, amount: bigint): void {
    if ('walletId' in party) {
      const wallet = this.wallets.get(party.walletId);
      if (!wallet) throw new NotFound('Wallet', party.walletId);
      wallet.balance += amount;
    } else {
      this.adjust(party.system, currency, amount);
    }
  }

  private adjust(system: string, currency: string, amount: bigint): void {
    const key = `${system}:${currency}`;
    this.system.set(key, (this.system.get(key) ?? 0n) + amount);
  }
}
