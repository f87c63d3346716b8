import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import { BadInput, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Logger } from '../../../platform/logger';
import { Money } from '../../../platform/money';
import { AccountCommands, type AccountStanding, type FundingSourceView } from '../../accounts/contract';
import type { RewardRequest } from '../contract';
import type { Payment } from '../store/payment.entity';
import type { PaymentStore } from '../store/payment-store';
import {
  activeOrUnknown,
  draftPayment,
  instrumentOf,
  optionalText,
  parseAmount,
  sameCurrency,
  settleInOrder,
} from './drafts';
import type { FxRates } from './fx-rates';
import { parseIdempotencyKey } from './idempotency';
import { PaymentKind, SpendingCategory } from './payment';
import type {
  AmountInput,
  PayMerchantRequest,
  TopUpRequest,
  TransferRequest,
  WithdrawRequest,
} from './payment-requests';
import type { PaymentLimits } from './limits';
import type { PaymentRuns } from './runs';
import type { PaymentClaims } from './saga/claims';
import type { PaymentRun } from './saga/payment-run';
import type { PaymentProcessor } from './saga/processor';
import { WalletDirectory, type KnownWallet } from './wallet-directory';

export const MAX_NOTE_LENGTH = 500;
export const MAX_MERCHANT_NAME_LENGTH = 200;

export interface PaymentServiceDeps {
  bus: Bus;
  store: PaymentStore;
  processor: PaymentProcessor;
  claims: PaymentClaims;
  runs: PaymentRuns;
  limits: PaymentLimits;
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
    const { accountId, idempotencyKey, amount } = this.begin(viewer, input);
    // A top-up places no hold that would refuse a frozen wallet: its status is asked for now.
    const { wallet, source, account } = await this.fundingParties(accountId, input, true);
    sameCurrency(amount, wallet);
    const payment = this.draft(PaymentKind.TOP_UP, accountId, idempotencyKey, amount, {
      destinationWalletId: wallet.walletId,
      destinationAccountId: accountId,
      fundingSourceId: source.fundingSourceId,
    });
    return this.startFunding(payment, { wallet, source, account });
  }

  /** Money out from one of the caller's wallets to one of its linked bank accounts (never a card). */
  async withdraw(viewer: Viewer, input: WithdrawRequest): Promise<Payment> {
    const { accountId, idempotencyKey, amount } = this.begin(viewer, input);
    const { wallet, source, account } = await this.fundingParties(accountId, input, false);
    if (source.kind !== 'BANK_ACCOUNT') {
      throw new BadInput('Withdrawals go to a linked bank account, not a card', 'input.fundingSourceId');
    }
    sameCurrency(amount, wallet);
    const payment = this.draft(PaymentKind.WITHDRAWAL, accountId, idempotencyKey, amount, {
      sourceWalletId: wallet.walletId,
      fundingSourceId: source.fundingSourceId,
    });
    return this.startFunding(payment, { wallet, source, account });
  }

  /** Money from one of the caller's wallets to any existing wallet, converted when currencies differ. */
  async transfer(viewer: Viewer, input: TransferRequest): Promise<Payment> {
    const { accountId, idempotencyKey, amount } = this.begin(viewer, input);
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
    const { accountId, idempotencyKey, amount } = this.begin(viewer, input);
    const merchantName = optionalText(input.merchantName, MAX_MERCHANT_NAME_LENGTH, 'input.merchantName');
    if (!merchantName) throw new BadInput('A merchant name is required', 'input.merchantName');
    if (!Object.hasOwn(SpendingCategory, input.category)) {
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
   * Credits a reward (a cashback, points redeemed) from the bank's REWARDS account to one of
   * the account's wallets: asked by offers over the bus, never by a client. The reward's id is
   * the idempotency key, so a redelivered request credits once. A points redemption needs the
   * account in good standing; a cashback, earned by a payment that already went through, does not.
   */
  async creditReward(request: RewardRequest): Promise<Payment> {
    const amount = Money.ofMinor(request.amountMinor, request.currency);
    if (amount.minor <= 0n) throw new BadInput('A reward must be more than zero', 'amountMinor');
    const idempotencyKey = parseIdempotencyKey(`reward:${request.rewardId}`, 'rewardId');
    const redemption = request.kind === PaymentKind.POINTS_REDEMPTION;
    const [wallet, account] = await settleInOrder(
      this.ownWallet(request.accountId, request.walletId, true),
      redemption ? this.account(request.accountId) : Promise.resolve(undefined),
    );
    sameCurrency(amount, wallet);
    const payment = this.draft(request.kind, request.accountId, idempotencyKey, amount, {
      destinationWalletId: wallet.walletId,
      destinationAccountId: request.accountId,
      relatedPaymentId: request.relatedPaymentId ?? null,
      note: optionalText(request.note, MAX_NOTE_LENGTH, 'note'),
    });
    return this.start(payment, { account, walletActive: activeOrUnknown(wallet) });
  }

  /** What every payment mutation checks first: a signed-in customer, an idempotency key, an amount. */
  private begin(viewer: Viewer, input: { idempotencyKey: string; amount: AmountInput }) {
    const accountId = requireAccount(viewer);
    const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
    const amount = parseAmount(input.amount);
    this.deps.limits.checkMax(amount);
    return { accountId, idempotencyKey, amount };
  }

  /** The caller's wallet and funding source of a top-up or withdrawal, and the caller's standing. */
  private async fundingParties(
    accountId: string,
    input: { walletId: string; fundingSourceId: string },
    freshWallet: boolean,
  ) {
    const [wallet, source, account] = await settleInOrder(
      this.ownWallet(accountId, input.walletId, freshWallet),
      this.fundingSource(accountId, input.fundingSourceId),
      this.account(accountId),
    );
    return { wallet, source, account };
  }

  private startFunding(
    payment: Payment,
    parties: { wallet: KnownWallet; source: FundingSourceView; account: AccountStanding },
  ): Promise<Payment> {
    return this.start(payment, {
      account: parties.account,
      walletActive: activeOrUnknown(parties.wallet),
      instrument: instrumentOf(parties.source),
    });
  }

  /**
   * Records the payment (or finds the original of a replay) and runs its saga under the claim
   * recorded with it, answering within the mutation's budget with the payment as it stands.
   */
  private async start(payment: Payment, run: Omit<PaymentRun, 'payment' | 'claim'>): Promise<Payment> {
    const { store, processor, claims, runs } = this.deps;
    const recorded = await store.record(payment);
    if (!recorded.created) return recorded.payment;
    const work = processor.process({
      ...run,
      payment,
      claim: claims.held(payment),
      dailyTotalMinor: recorded.dailyTotalMinor,
    });
    return runs.answer(work, async () => (await store.findById(payment.id)) ?? payment);
  }

  private draft(
    kind: PaymentKind,
    accountId: string,
    idempotencyKey: string,
    amount: Money,
    fields: Partial<Payment>,
  ): Payment {
    return draftPayment(
      kind,
      accountId,
      idempotencyKey,
      amount,
      { ...fields, ...this.deps.claims.forNewPayment() },
      { id: this.deps.newId(), now: this.deps.now() },
    );
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

  private async fundingSource(accountId: string, fundingSourceId: string): Promise<FundingSourceView> {
    if (!isId(fundingSourceId)) throw new NotFound('FundingSource', fundingSourceId);
    const source = await this.deps.bus.request(AccountCommands.getFundingSource, {
      fundingSourceId,
      accountId,
    });
    if (source.accountId !== accountId) throw new NotFound('FundingSource', fundingSourceId);
    if (source.status !== 'ACTIVE') {
      throw new BadInput('This funding source has been removed', 'input.fundingSourceId');
    }
    return source;
  }

  private account(accountId: string): Promise<AccountStanding> {
    return this.deps.bus.request(AccountCommands.getAccount, { accountId });
  }
}
