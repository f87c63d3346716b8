import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Logger } from '../../../platform/logger';
import { Money } from '../../../platform/money';
import { Payment } from '../entities/payment.entity';
import {
  GetAccount,
  GetFundingSource,
  VerifyTotp,
  type AccountInfo,
  type FundingSourceInfo,
} from '../events';
import type { FundingInstrument } from './funding-network';
import type { FxRates } from './fx-rates';
import { parseIdempotencyKey, requestFingerprint } from './idempotency';
import {
  DeclineReason,
  MAX_VERIFICATION_ATTEMPTS,
  PaymentKind,
  PaymentStatus,
  SpendingCategory,
} from './payment';
import type { PaymentProcessor, PaymentRun } from './payment-processor';
import type {
  AmountInput,
  PayMerchantRequest,
  TopUpRequest,
  TransferRequest,
  VerifyPaymentRequest,
  WithdrawRequest,
} from './payment-requests';
import type { PaymentStore } from './payment-store';
import { WalletDirectory, type KnownWallet } from './wallet-directory';

export const MAX_NOTE_LENGTH = 500;
export const MAX_MERCHANT_NAME_LENGTH = 200;

export interface PaymentServiceDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  fx: FxRates;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** Where wallets' immutable facts are remembered; one per service when absent. */
  wallets?: WalletDirectory;
}

/**
 * The payment mutations: validates a request (bad input leaves no trace), records the payment
 * once per idempotency key, and hands it to the saga. A replay of a key returns the stored
 * payment, whatever its status, and moves no money.
 */
export class PaymentService {
  private readonly wallets: WalletDirectory;

  constructor(private readonly deps: PaymentServiceDeps) {
    this.wallets = deps.wallets ?? new WalletDirectory(deps.bus);
  }

  /** Money in from one of the caller's linked cards or bank accounts to one of its wallets. */
  async topUp(viewer: Viewer, input: TopUpRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
    const amount = parseAmount(input.amount);
    // A top-up places no hold that would refuse a frozen wallet: its status is asked for now.
    const [wallet, source, account] = await settleInOrder(
      this.ownWallet(accountId, input.walletId, true),
      this.fundingSource(accountId, input.fundingSourceId),
      this.account(accountId),
    );
    sameCurrency(amount, wallet);
    const payment = this.draft(PaymentKind.TOP_UP, accountId, idempotencyKey, amount, {
      destinationWalletId: wallet.walletId,
      destinationAccountId: accountId,
      fundingSourceId: source.fundingSourceId,
    });
    return this.start(payment, {
      account,
      walletActive: activeOrUnknown(wallet),
      instrument: instrumentOf(source),
    });
  }

  /** Money out from one of the caller's wallets to one of its linked bank accounts (never a card). */
  async withdraw(viewer: Viewer, input: WithdrawRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
    const amount = parseAmount(input.amount);
    const [wallet, source, account] = await settleInOrder(
      this.ownWallet(accountId, input.walletId),
      this.fundingSource(accountId, input.fundingSourceId),
      this.account(accountId),
    );
    if (source.kind !== 'BANK_ACCOUNT') {
      throw new BadInput('Withdrawals go to a linked bank account, not a card', 'input.fundingSourceId');
    }
    sameCurrency(amount, wallet);
    const payment = this.draft(PaymentKind.WITHDRAWAL, accountId, idempotencyKey, amount, {
      sourceWalletId: wallet.walletId,
      fundingSourceId: source.fundingSourceId,
    });
    return this.start(payment, {
      account,
      walletActive: activeOrUnknown(wallet),
      instrument: instrumentOf(source),
    });
  }

  /** Money from one of the caller's wallets to any existing wallet, converted when currencies differ. */
  async transfer(viewer: Viewer, input: TransferRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
    const amount = parseAmount(input.amount);
    const note = optionalText(input.note, MAX_NOTE_LENGTH, 'input.note');
    if (input.fromWalletId === input.toWalletId) {
      throw new BadInput('A transfer needs two different wallets', 'input.toWalletId');
    }
    const [from, to, account] = await settleInOrder(
      this.ownWallet(accountId, input.fromWalletId),
      this.anyWallet(input.toWalletId),
      this.account(accountId),
    );
    sameCurrency(amount, from);
    let credited: { amount: Money; rate: string } | undefined;
    if (to.currency !== from.currency) {
      const rate = this.deps.fx.rate(from.currency, to.currency);
      if (!rate) {
        throw new BadInput(`No exchange rate from ${from.currency} to ${to.currency}`, 'input.toWalletId');
      }
      const converted = amount.convert(rate, to.currency);
      if (converted.minor <= 0n) {
        throw new BadInput(`The amount is too small to convert to ${to.currency}`, 'input.amount');
      }
      credited = { amount: converted, rate };
    }
    const payment = this.draft(PaymentKind.TRANSFER, accountId, idempotencyKey, amount, {
      sourceWalletId: from.walletId,
      destinationWalletId: to.walletId,
      destinationAccountId: to.accountId,
      note,
      creditedAmountMinor: credited?.amount.minor ?? null,
      creditedCurrency: credited ? to.currency : null,
      fxRate: credited?.rate ?? null,
    });
    return this.start(payment, {
      account,
      walletActive: activeOrUnknown(from),
      destinationClosed: to.status === 'CLOSED',
      destinationUnchecked: to.status === undefined,
    });
  }

  /** Money from one of the caller's wallets to a merchant, settled through the SETTLEMENT account. */
  async payMerchant(viewer: Viewer, input: PayMerchantRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
    const amount = parseAmount(input.amount);
    const merchantName = optionalText(input.merchantName, MAX_MERCHANT_NAME_LENGTH, 'input.merchantName');
    if (!merchantName) throw new BadInput('A merchant name is required', 'input.merchantName');
    if (!Object.values(SpendingCategory).includes(input.category as SpendingCategory)) {
      throw new BadInput(`${input.category} is not a spending category`, 'input.category');
    }
    const [wallet, account] = await settleInOrder(
      this.ownWallet(accountId, input.walletId),
      this.account(accountId),
    );
    sameCurrency(amount, wallet);
    const payment = this.draft(PaymentKind.MERCHANT, accountId, idempotencyKey, amount, {
      sourceWalletId: wallet.walletId,
      merchantName,
      category: input.category as SpendingCategory,
    });
    return this.start(payment, { account, walletActive: activeOrUnknown(wallet) });
  }

  /**
   * Completes a payment waiting for step-up verification with a TOTP code of the payer. A wrong
   * code is BAD_USER_INPUT; the third wrong code declines the payment (VERIFICATION_FAILED) and
   * releases its hold.
   */
  async verifyPayment(viewer: Viewer, input: VerifyPaymentRequest): Promise<Payment> {
    const accountId = requireAccount(viewer);
    const payment = isId(input.paymentId) ? await this.deps.store.findById(input.paymentId) : null;
    if (!payment || payment.accountId !== accountId) throw new NotFound('Payment', input.paymentId);
    if (payment.status !== PaymentStatus.REQUIRES_VERIFICATION) {
      throw new Conflict(`The payment is ${payment.status}, not waiting for verification`, 'input.paymentId');
    }
    if (!/^\d{6}$/.test(input.code)) throw new BadInput('The code is six digits', 'input.code');
    const { valid } = await this.deps.bus.request(VerifyTotp, { accountId, code: input.code });
    const { processor, store, now } = this.deps;
    if (valid) {
      // Back to PENDING with the approval stored, in one write: from here a crash is finished forward.
      const claimed = await store.update(
        payment,
        [PaymentStatus.REQUIRES_VERIFICATION],
        { status: PaymentStatus.PENDING, riskDecision: 'APPROVE' },
        now(),
      );
      if (!claimed) return (await store.findById(payment.id)) ?? payment;
      return processor.resume({ payment, approvalRecorded: true });
    }
    const attempts = payment.verificationAttempts + 1;
    if (attempts < MAX_VERIFICATION_ATTEMPTS) {
      const counted = await store.update(
        payment,
        [PaymentStatus.REQUIRES_VERIFICATION],
        { verificationAttempts: attempts },
        now(),
      );
      if (!counted) return (await store.findById(payment.id)) ?? payment;
      const left = MAX_VERIFICATION_ATTEMPTS - attempts;
      throw new BadInput(`The code is not valid; ${left} attempt${left === 1 ? '' : 's'} left`, 'input.code');
    }
    try {
      await processor.voidHold(payment);
    } catch (error) {
      // The hold would not release: leave the payment PENDING so the recovery pass voids it.
      this.deps.logger.error(
        { err: error, paymentId: payment.id },
        'could not void the hold after failed verification',
      );
      await store.update(
        payment,
        [PaymentStatus.REQUIRES_VERIFICATION],
        { status: PaymentStatus.PENDING, verificationAttempts: attempts },
        now(),
      );
      return payment;
    }
    return processor.finish(payment, PaymentStatus.REQUIRES_VERIFICATION, {
      status: PaymentStatus.DECLINED,
      declineReason: DeclineReason.VERIFICATION_FAILED,
      verificationAttempts: attempts,
    });
  }

  /** Records the payment (or finds the original of a replay) and runs its saga. */
  private async start(payment: Payment, run: Omit<PaymentRun, 'payment'>): Promise<Payment> {
    const recorded = await this.deps.store.record(payment);
    if (!recorded.created) return recorded.payment;
    return this.deps.processor.process({ ...run, payment, dailyTotalMinor: recorded.dailyTotalMinor });
  }

  private draft(
    kind: PaymentKind,
    accountId: string,
    idempotencyKey: string,
    amount: Money,
    fields: Partial<Payment>,
  ): Payment {
    const now = this.deps.now();
    const payment = Object.assign(new Payment(), {
      destinationAccountId: null,
      sourceWalletId: null,
      destinationWalletId: null,
      fundingSourceId: null,
      creditedAmountMinor: null,
      creditedCurrency: null,
      fxRate: null,
      merchantName: null,
      category: null,
      note: null,
      riskDecision: null,
      riskScore: null,
      declineReason: null,
      completedAt: null,
      ...fields,
      id: this.deps.newId(),
      kind,
      status: PaymentStatus.PENDING,
      accountId,
      amountMinor: amount.minor,
      currency: amount.currency,
      idempotencyKey,
      verificationAttempts: 0,
      createdAt: now,
      updatedAt: now,
    });
    payment.requestFingerprint = requestFingerprint({
      kind,
      amountMinor: amount.minor.toString(),
      currency: amount.currency,
      sourceWalletId: payment.sourceWalletId,
      destinationWalletId: payment.destinationWalletId,
      fundingSourceId: payment.fundingSourceId,
      merchantName: payment.merchantName,
      category: payment.category,
      note: payment.note,
    });
    return payment;
  }

  /** A wallet of the caller's; anyone else's reads as NOT_FOUND. */
  private async ownWallet(accountId: string, walletId: string, fresh = false): Promise<KnownWallet> {
    const wallet = await this.anyWallet(walletId, fresh);
    if (wallet.accountId !== accountId) throw new NotFound('Wallet', walletId);
    return wallet;
  }

  /** A wallet's facts; its status only when asked `fresh` or when wallets had to be asked anyway. */
  private async anyWallet(walletId: string, fresh = false): Promise<KnownWallet> {
    if (!isId(walletId)) throw new NotFound('Wallet', walletId);
    return fresh ? this.wallets.fetch(walletId) : this.wallets.lookup(walletId);
  }

  private async fundingSource(accountId: string, fundingSourceId: string): Promise<FundingSourceInfo> {
    if (!isId(fundingSourceId)) throw new NotFound('FundingSource', fundingSourceId);
    const source = await this.deps.bus.request(GetFundingSource, { fundingSourceId, accountId });
    if (source.accountId !== accountId) throw new NotFound('FundingSource', fundingSourceId);
    if (source.status !== 'ACTIVE') {
      throw new BadInput('This funding source has been removed', 'input.fundingSourceId');
    }
    return source;
  }

  private account(accountId: string): Promise<AccountInfo> {
    return this.deps.bus.request(GetAccount, { accountId });
  }
}

function parseAmount(input: AmountInput): Money {
  return Money.parsePositive(input.amount, input.currency, 'input.amount');
}

/** Whether the wallet is ACTIVE; undefined when its status is not known here (the hold checks it). */
function activeOrUnknown(wallet: KnownWallet): boolean | undefined {
  return wallet.status === undefined ? undefined : wallet.status === 'ACTIVE';
}

function sameCurrency(amount: Money, wallet: KnownWallet): void {
  if (amount.currency !== wallet.currency) {
    throw new BadInput(
      `The amount must be in the wallet's currency, ${wallet.currency}`,
      'input.amount.currency',
    );
  }
}

function optionalText(value: string | null | undefined, max: number, field: string): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw new BadInput(`At most ${max} characters`, field);
  return text.length ? text : null;
}

function instrumentOf(source: FundingSourceInfo): FundingInstrument {
  return {
    fundingSourceId: source.fundingSourceId,
    kind: source.kind,
    token: source.token,
    last4: source.last4,
  };
}

/**
 * Awaits lookups started together, reporting the first failure in argument order (so the
 * error a caller sees does not depend on which lookup answered first) and leaving no rejection
 * unobserved.
 */
async function settleInOrder<T extends unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}
