import { CommandUnavailable } from '../../../platform/bus';
import type { Viewer } from '../../../platform/auth';
import { AppError } from '../../../platform/errors';
import { AssessRisk, type RiskDecision } from '../events';
import { Payment } from '../entities/payment.entity';
import { DeclineReason, PaymentKind, PaymentStatus, SpendingCategory } from './payment';
import { money, startPaymentsDomain, stored, type PaymentsDomain } from './testing/harness';

const customer = (accountId: string): Viewer => ({ kind: 'account', accountId, roles: ['CUSTOMER'] });
let keyCounter = 0;
const key = () => `key-${++keyCounter}`;

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected an error');
}

async function paymentCount(domain: PaymentsDomain): Promise<number> {
  return domain.database.fork().count(Payment, {});
}

describe('the payment saga against a fake ledger', () => {
  let domain: PaymentsDomain;
  let alice: string;
  let bob: string;
  let aliceEur: string;
  let bobEur: string;

  beforeAll(async () => {
    domain = await startPaymentsDomain();
  });
  afterAll(async () => {
    await domain.close();
  });
  beforeEach(() => {
    alice = domain.bank.addAccount();
    bob = domain.bank.addAccount();
    aliceEur = domain.bank.addWallet(alice, 'EUR', 50_000n);
    bobEur = domain.bank.addWallet(bob, 'EUR', 0n);
  });

  const transfer = (
    amount: string,
    options: { from?: string; to?: string; key?: string; note?: string } = {},
  ) =>
    domain.service.transfer(customer(alice), {
      fromWalletId: options.from ?? aliceEur,
      toWalletId: options.to ?? bobEur,
      amount: money(amount),
      note: options.note ?? null,
      idempotencyKey: options.key ?? key(),
    });

  describe('transfers', () => {
    it('completes an approved transfer: the hold is posted to the payee and the books balance', async () => {
      const payment = await transfer('120.50', { note: 'rent' });
      expect(payment).toMatchObject({
        status: PaymentStatus.COMPLETED,
        kind: PaymentKind.TRANSFER,
        note: 'rent',
      });
      expect(payment.completedAt).toBeInstanceOf(Date);
      expect(domain.bank.balance(aliceEur)).toBe(50_000n - 12_050n);
      expect(domain.bank.balance(bobEur)).toBe(12_050n);
      expect(domain.bank.holds.get(payment.id)?.status).toBe('POSTED');
      expect(domain.bank.totals().get('EUR')).toBe(0n);
      const row = await stored(domain, payment.id);
      expect(row).toMatchObject({ status: 'COMPLETED', riskDecision: 'APPROVE', destinationAccountId: bob });
    });

    it('writes payment.created and payment.completed with the whole payment', async () => {
      const payment = await transfer('1.00');
      const events = (await domain.publishEvents()).filter(
        (event) => (event.data as { paymentId: string }).paymentId === payment.id,
      );
      expect(events.map((event) => event.type)).toEqual(['payment.created', 'payment.completed']);
      expect(events[1].data).toMatchObject({
        paymentId: payment.id,
        kind: 'TRANSFER',
        status: 'COMPLETED',
        amountMinor: '100',
        currency: 'EUR',
        sourceWalletId: aliceEur,
        destinationWalletId: bobEur,
        accountId: alice,
        destinationAccountId: bob,
        declineReason: null,
      });
    });

    it('converts between currencies half-even and posts through FX: 100.00 EUR is 781.23 CNY', async () => {
      const bobCny = domain.bank.addWallet(bob, 'CNY');
      const payment = await transfer('100.00', { to: bobCny });
      expect(payment).toMatchObject({
        status: PaymentStatus.COMPLETED,
        creditedAmountMinor: 78_123n,
        creditedCurrency: 'CNY',
        fxRate: '7.8123',
      });
      expect(domain.bank.balance(bobCny)).toBe(78_123n);
      expect(domain.bank.systemBalance('FX', 'CNY')).toBe(-78_123n);
      for (const total of domain.bank.totals().values()) expect(total).toBe(0n);
      const tie = await transfer('50.00', { to: bobCny });
      expect(tie.creditedAmountMinor).toBe(39_062n);
    });

    it('declines for insufficient funds without placing a hold', async () => {
      const poor = domain.bank.addAccount();
      const poorWallet = domain.bank.addWallet(poor, 'EUR', 1_000n);
      const declined = await domain.service.transfer(customer(poor), {
        fromWalletId: poorWallet,
        toWalletId: bobEur,
        amount: money('10.01'),
        idempotencyKey: key(),
      });
      expect(declined).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'INSUFFICIENT_FUNDS' });
      expect(domain.bank.balance(poorWallet)).toBe(1_000n);
      expect(domain.bank.holds.has(declined.id)).toBe(false);
    });

    it('lets exactly as many concurrent transfers through as the balance covers', async () => {
      const payer = domain.bank.addAccount();
      const wallet = domain.bank.addWallet(payer, 'EUR', 50_000n);
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          domain.service.transfer(customer(payer), {
            fromWalletId: wallet,
            toWalletId: bobEur,
            amount: money('10.00'),
            idempotencyKey: key(),
          }),
        ),
      );
      expect(results.filter((p) => p.status === PaymentStatus.COMPLETED)).toHaveLength(50);
      const declined = results.filter((p) => p.status === PaymentStatus.DECLINED);
      expect(declined).toHaveLength(50);
      expect(new Set(declined.map((p) => p.declineReason))).toEqual(new Set(['INSUFFICIENT_FUNDS']));
      expect(domain.bank.balance(wallet)).toBe(0n);
      expect(domain.bank.totals().get('EUR')).toBe(0n);
    });
  });

  describe('declines', () => {
    it("declines a frozen account's payment with ACCOUNT_FROZEN and moves nothing", async () => {
      domain.bank.accounts.get(alice)!.status = 'FROZEN';
      const payment = await transfer('10.00');
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
      expect(domain.bank.balance(aliceEur)).toBe(50_000n);
      expect(domain.bank.holds.has(payment.id)).toBe(false);
    });

    it('declines a payment from a frozen wallet with ACCOUNT_FROZEN', async () => {
      const frozen = domain.bank.addWallet(alice, 'EUR', 10_000n, 'FROZEN');
      const payment = await transfer('10.00', { from: frozen });
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
      expect(domain.bank.balance(frozen)).toBe(10_000n);
    });

    it('declines a transfer to a closed wallet with DESTINATION_WALLET_CLOSED before any hold', async () => {
      const closed = domain.bank.addWallet(bob, 'EUR', 0n, 'CLOSED');
      const payment = await transfer('10.00', { to: closed });
      expect(payment).toMatchObject({
        status: PaymentStatus.DECLINED,
        declineReason: 'DESTINATION_WALLET_CLOSED',
      });
      expect(domain.bank.holds.has(payment.id)).toBe(false);
      expect(domain.bank.balance(aliceEur)).toBe(50_000n);
    });

    it('declines a transfer to a known wallet closed since with DESTINATION_WALLET_CLOSED and releases the hold', async () => {
      expect((await transfer('10.00')).status).toBe(PaymentStatus.COMPLETED);
      domain.bank.wallets.get(bobEur)!.status = 'CLOSED';
      const payment = await transfer('20.00');
      expect(payment).toMatchObject({
        status: PaymentStatus.DECLINED,
        declineReason: 'DESTINATION_WALLET_CLOSED',
      });
      expect(domain.bank.holds.get(payment.id)?.status).toBe('VOIDED');
      expect(domain.bank.available(aliceEur)).toBe(49_000n);
      expect(domain.bank.balance(bobEur)).toBe(1_000n);
    });

    it('declines a payment from a known wallet frozen since with ACCOUNT_FROZEN', async () => {
      expect((await transfer('10.00')).status).toBe(PaymentStatus.COMPLETED);
      domain.bank.wallets.get(aliceEur)!.status = 'FROZEN';
      const payment = await transfer('20.00');
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
      expect(domain.bank.balance(aliceEur)).toBe(49_000n);
    });

    it('declines a payment over the per-payment limit and voids its hold', async () => {
      const rich = domain.bank.addWallet(alice, 'EUR', 500_000n);
      const payment = await transfer('1000.01', { from: rich });
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'LIMIT_EXCEEDED' });
      expect(domain.bank.holds.get(payment.id)?.status).toBe('VOIDED');
      expect(domain.bank.available(rich)).toBe(500_000n);
    });

    it('declines the payment that takes the day over the daily limit, and a declined one does not count', async () => {
      const from = domain.bank.addWallet(alice, 'EUR', 500_000n);
      for (const amount of ['1000.00', '900.00'])
        expect((await transfer(amount, { from })).status).toBe(PaymentStatus.COMPLETED);
      expect((await transfer('1000.00', { from })).declineReason).toBe('LIMIT_EXCEEDED');
      expect((await transfer('100.00', { from })).status).toBe(PaymentStatus.COMPLETED);
      expect((await transfer('0.01', { from })).declineReason).toBe('LIMIT_EXCEEDED');
      expect(domain.bank.balance(from)).toBe(300_000n);
      expect(domain.bank.available(from)).toBe(300_000n);
    });
  });

  describe('risk decisions', () => {
    let decision: RiskDecision;
    let risky: PaymentsDomain;
    let payer: string;
    let wallet: string;

    beforeAll(async () => {
      risky = await startPaymentsDomain({ risk: false });
      risky.bus.handle(AssessRisk, async () => ({
        decision,
        score: 80,
        reasons: [{ code: 'TEST', description: 'test' }],
      }));
    });
    afterAll(async () => {
      await risky.close();
    });
    beforeEach(() => {
      payer = risky.bank.addAccount({ mfaEnabled: true });
      wallet = risky.bank.addWallet(payer, 'EUR', 10_000n);
    });

    const pay = (amount = '40.00') =>
      risky.service.payMerchant(customer(payer), {
        walletId: wallet,
        merchantName: 'Corner Café',
        category: SpendingCategory.DINING,
        amount: money(amount),
        idempotencyKey: key(),
      });

    it('a DECLINE voids the hold and declines with RISK_DECLINED', async () => {
      decision = 'DECLINE';
      const payment = await pay();
      expect(payment).toMatchObject({
        status: PaymentStatus.DECLINED,
        declineReason: 'RISK_DECLINED',
        riskScore: 80,
      });
      expect(risky.bank.holds.get(payment.id)?.status).toBe('VOIDED');
      expect(risky.bank.available(wallet)).toBe(10_000n);
    });

    it('a REVIEW holds the payment for review and keeps the hold', async () => {
      decision = 'REVIEW';
      const payment = await pay();
      expect(payment.status).toBe(PaymentStatus.HELD_FOR_REVIEW);
      expect(risky.bank.holds.get(payment.id)?.status).toBe('PENDING');
      expect(risky.bank.available(wallet)).toBe(6_000n);
    });

    it('a CHALLENGE asks for verification, and a valid TOTP code completes the payment', async () => {
      decision = 'CHALLENGE';
      const payment = await pay();
      expect(payment.status).toBe(PaymentStatus.REQUIRES_VERIFICATION);
      risky.bank.acceptCode(payer, '123456');
      const verified = await risky.service.verifyPayment(customer(payer), {
        paymentId: payment.id,
        code: '123456',
      });
      expect(verified).toMatchObject({ status: PaymentStatus.COMPLETED, riskDecision: 'APPROVE' });
      expect(risky.bank.balance(wallet)).toBe(6_000n);
      expect(risky.bank.systemBalance('SETTLEMENT', 'EUR')).toBeGreaterThanOrEqual(4_000n);
      expect((await stored(risky, payment.id)).status).toBe('COMPLETED');
    });

    it('a CHALLENGE for an account without MFA is held for review instead', async () => {
      decision = 'CHALLENGE';
      risky.bank.accounts.get(payer)!.mfaEnabled = false;
      expect((await pay()).status).toBe(PaymentStatus.HELD_FOR_REVIEW);
    });

    it('three wrong codes decline the payment with VERIFICATION_FAILED and void the hold', async () => {
      decision = 'CHALLENGE';
      const payment = await pay();
      for (const left of [2, 1]) {
        await expect(
          codeOf(risky.service.verifyPayment(customer(payer), { paymentId: payment.id, code: '000000' })),
        ).resolves.toEqual({
          code: 'BAD_USER_INPUT',
          field: 'input.code',
        });
        expect((await stored(risky, payment.id)).verificationAttempts).toBe(3 - left);
      }
      const declined = await risky.service.verifyPayment(customer(payer), {
        paymentId: payment.id,
        code: '000000',
      });
      expect(declined).toMatchObject({
        status: PaymentStatus.DECLINED,
        declineReason: 'VERIFICATION_FAILED',
      });
      expect(risky.bank.holds.get(payment.id)?.status).toBe('VOIDED');
      expect(risky.bank.available(wallet)).toBe(10_000n);
    });

    it("someone else's payment cannot be verified: NOT_FOUND", async () => {
      decision = 'CHALLENGE';
      const payment = await pay();
      await expect(
        codeOf(
          risky.service.verifyPayment(customer(risky.bank.addAccount()), {
            paymentId: payment.id,
            code: '123456',
          }),
        ),
      ).resolves.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('a DECLINE whose void will not hold leaves the payment PENDING, and recovery declines it later', async () => {
      decision = 'DECLINE';
      risky.bank.failNext('wallets.voidHold', new CommandUnavailable('wallets down'), 3);
      const payment = await pay();
      expect(payment.status).toBe(PaymentStatus.PENDING);
      expect(risky.bank.holds.get(payment.id)?.status).toBe('PENDING');
      expect((await stored(risky, payment.id)).riskDecision).toBe('DECLINE');
      const report = await risky.recover(new Date(Date.now() + 60_000));
      expect(report.declined).toBeGreaterThanOrEqual(1);
      expect(await stored(risky, payment.id)).toMatchObject({
        status: 'DECLINED',
        declineReason: 'RISK_DECLINED',
      });
      expect(risky.bank.available(wallet)).toBe(10_000n);
    });
  });

  describe('top-ups and withdrawals', () => {
    it('tops up from a card: charged, credited from FUNDING', async () => {
      const card = domain.bank.addFundingSource(alice, 'DEBIT_CARD', '4242');
      const payment = await domain.service.topUp(customer(alice), {
        walletId: aliceEur,
        fundingSourceId: card,
        amount: money('25.00'),
        idempotencyKey: key(),
      });
      expect(payment).toMatchObject({
        status: PaymentStatus.COMPLETED,
        kind: PaymentKind.TOP_UP,
        fundingSourceId: card,
      });
      expect(domain.bank.balance(aliceEur)).toBe(52_500n);
      expect(domain.bank.totals().get('EUR')).toBe(0n);
    });

    it('declines a top-up the card network declines, crediting nothing', async () => {
      const card = domain.bank.addFundingSource(alice, 'DEBIT_CARD', '0002');
      const payment = await domain.service.topUp(customer(alice), {
        walletId: aliceEur,
        fundingSourceId: card,
        amount: money('25.00'),
        idempotencyKey: key(),
      });
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'CARD_DECLINED' });
      expect(domain.bank.balance(aliceEur)).toBe(50_000n);
    });

    it('retries a transient network error and completes the top-up', async () => {
      const card = domain.bank.addFundingSource(alice, 'CREDIT_CARD');
      const payment = await domain.service.topUp(customer(alice), {
        walletId: aliceEur,
        fundingSourceId: card,
        amount: money('20.13'),
        idempotencyKey: key(),
      });
      expect(payment.status).toBe(PaymentStatus.COMPLETED);
      expect(domain.bank.balance(aliceEur)).toBe(52_013n);
    });

    it('withdraws to a bank account through SETTLEMENT', async () => {
      const iban = domain.bank.addFundingSource(alice, 'BANK_ACCOUNT', '3000');
      const before = domain.bank.systemBalance('SETTLEMENT', 'EUR');
      const payment = await domain.service.withdraw(customer(alice), {
        walletId: aliceEur,
        fundingSourceId: iban,
        amount: money('75.00'),
        idempotencyKey: key(),
      });
      expect(payment.status).toBe(PaymentStatus.COMPLETED);
      expect(domain.bank.balance(aliceEur)).toBe(42_500n);
      expect(domain.bank.systemBalance('SETTLEMENT', 'EUR') - before).toBe(7_500n);
    });

    it('declines a withdrawal the bank rejects and voids its hold', async () => {
      const iban = domain.bank.addFundingSource(alice, 'BANK_ACCOUNT', '0002');
      const payment = await domain.service.withdraw(customer(alice), {
        walletId: aliceEur,
        fundingSourceId: iban,
        amount: money('75.00'),
        idempotencyKey: key(),
      });
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'PAYOUT_REJECTED' });
      expect(domain.bank.holds.get(payment.id)?.status).toBe('VOIDED');
      expect(domain.bank.available(aliceEur)).toBe(50_000n);
    });

    it('refuses to withdraw to a card: BAD_USER_INPUT on input.fundingSourceId', async () => {
      const card = domain.bank.addFundingSource(alice, 'DEBIT_CARD');
      const before = await paymentCount(domain);
      await expect(
        codeOf(
          domain.service.withdraw(customer(alice), {
            walletId: aliceEur,
            fundingSourceId: card,
            amount: money('5.00'),
            idempotencyKey: key(),
          }),
        ),
      ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.fundingSourceId' });
      expect(await paymentCount(domain)).toBe(before);
    });

    it('pays a merchant through SETTLEMENT with its category', async () => {
      const payment = await domain.service.payMerchant(customer(alice), {
        walletId: aliceEur,
        merchantName: '  Green Grocer ',
        category: SpendingCategory.GROCERIES,
        amount: money('12.34'),
        idempotencyKey: key(),
      });
      expect(payment).toMatchObject({
        status: 'COMPLETED',
        merchantName: 'Green Grocer',
        category: 'GROCERIES',
      });
      expect(domain.bank.balance(aliceEur)).toBe(50_000n - 1_234n);
    });
  });

  describe('bad input leaves no payment and no balance change', () => {
    it.each([
      ['0.00', 'input.amount'],
      ['-5.00', 'input.amount'],
      ['1.001', 'input.amount'],
      ['1e3', 'input.amount'],
      ['abc', 'input.amount'],
    ])('amount %s is BAD_USER_INPUT on %s', async (amount, field) => {
      const before = await paymentCount(domain);
      await expect(codeOf(transfer(amount))).resolves.toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await paymentCount(domain)).toBe(before);
      expect(domain.bank.balance(aliceEur)).toBe(50_000n);
    });

    it('an amount in another currency than the wallet is BAD_USER_INPUT on input.amount.currency', async () => {
      await expect(
        codeOf(
          domain.service.transfer(customer(alice), {
            fromWalletId: aliceEur,
            toWalletId: bobEur,
            amount: money('1.00', 'USD'),
            idempotencyKey: key(),
          }),
        ),
      ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount.currency' });
      await expect(
        codeOf(
          domain.service.transfer(customer(alice), {
            fromWalletId: aliceEur,
            toWalletId: bobEur,
            amount: money('1.00', 'XYZ'),
            idempotencyKey: key(),
          }),
        ),
      ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount.currency' });
    });

    it("unknown and someone else's wallets are NOT_FOUND; the payee may be anyone's but must exist", async () => {
      const unknown = '01900000-0000-7000-8000-000000000000';
      await expect(codeOf(transfer('1.00', { from: unknown }))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(codeOf(transfer('1.00', { from: bobEur, to: aliceEur }))).resolves.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(codeOf(transfer('1.00', { to: unknown }))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(codeOf(transfer('1.00', { to: 'not-an-id' }))).resolves.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(domain.bank.balance(aliceEur)).toBe(50_000n);
    });

    it('a transfer to the same wallet is BAD_USER_INPUT', async () => {
      await expect(codeOf(transfer('1.00', { to: aliceEur }))).resolves.toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.toWalletId',
      });
    });

    it.each([[''], ['   '], ['k'.repeat(129)]])('idempotency key %j is BAD_USER_INPUT', async (badKey) => {
      await expect(codeOf(transfer('1.00', { key: badKey }))).resolves.toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.idempotencyKey',
      });
    });

    it('signed-out callers and partner apps cannot move money', async () => {
      await expect(
        codeOf(
          domain.service.transfer(
            { kind: 'anonymous' },
            { fromWalletId: aliceEur, toWalletId: bobEur, amount: money('1.00'), idempotencyKey: key() },
          ),
        ),
      ).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('idempotency', () => {
    it('the same key and parameters return the original payment and move money once', async () => {
      const sharedKey = key();
      const first = await transfer('10.00', { key: sharedKey });
      const again = await transfer('10.00', { key: sharedKey });
      expect(again.id).toBe(first.id);
      expect(again.status).toBe(PaymentStatus.COMPLETED);
      expect(domain.bank.balance(bobEur)).toBe(1_000n);
    });

    it('the same key with other parameters is a CONFLICT', async () => {
      const sharedKey = key();
      await transfer('10.00', { key: sharedKey });
      await expect(codeOf(transfer('11.00', { key: sharedKey }))).resolves.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(codeOf(transfer('10.00', { key: sharedKey, note: 'other' }))).resolves.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('keys are scoped per account: two accounts may use the same key', async () => {
      const sharedKey = key();
      const mine = await transfer('1.00', { key: sharedKey });
      const bobsWallet = domain.bank.addWallet(bob, 'EUR', 1_000n);
      const theirs = await domain.service.transfer(customer(bob), {
        fromWalletId: bobsWallet,
        toWalletId: aliceEur,
        amount: money('1.00'),
        idempotencyKey: sharedKey,
      });
      expect(theirs.id).not.toBe(mine.id);
      expect(theirs.status).toBe(PaymentStatus.COMPLETED);
    });

    it('20 identical requests at once move money once and all return the same payment', async () => {
      const sharedKey = key();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => transfer('7.00', { key: sharedKey })),
      );
      expect(new Set(results.map((p) => p.id)).size).toBe(1);
      expect(domain.bank.balance(bobEur)).toBe(700n);
      expect(domain.bank.balance(aliceEur)).toBe(50_000n - 700n);
      const rows = await domain.database
        .fork()
        .count(Payment, { accountId: alice, idempotencyKey: sharedKey });
      expect(rows).toBe(1);
    });
  });

  describe('recovery', () => {
    it('a failing post leaves the payment PENDING and approved; the recovery pass completes it', async () => {
      domain.bank.failNext(
        'wallets.postHold',
        new CommandUnavailable('wallets.postHold did not answer in time'),
      );
      const payment = await transfer('30.00');
      expect(payment.status).toBe(PaymentStatus.PENDING);
      expect(await stored(domain, payment.id)).toMatchObject({ status: 'PENDING', riskDecision: 'APPROVE' });
      expect(domain.bank.holds.get(payment.id)?.status).toBe('PENDING');
      expect(domain.bank.balance(bobEur)).toBe(0n);

      const tooEarly = await domain.recover(new Date());
      expect(tooEarly.examined).toBe(0);
      await domain.recover(new Date(Date.now() + 60_000));
      expect(await stored(domain, payment.id)).toMatchObject({ status: 'COMPLETED' });
      expect(domain.bank.balance(bobEur)).toBe(3_000n);
      expect(domain.bank.totals().get('EUR')).toBe(0n);
    });

    it('declines an abandoned payment: its hold is voided, or it never got one', async () => {
      const now = new Date(Date.now() - 120_000);
      const draft = (id: string) =>
        Object.assign(new Payment(), {
          id,
          kind: PaymentKind.TRANSFER,
          status: PaymentStatus.PENDING,
          accountId: alice,
          sourceWalletId: aliceEur,
          destinationWalletId: bobEur,
          destinationAccountId: bob,
          amountMinor: 500n,
          currency: 'EUR',
          idempotencyKey: key(),
          requestFingerprint: 'x',
          verificationAttempts: 0,
          createdAt: now,
          updatedAt: now,
        });
      const held = draft('01900000-0000-7000-8000-00000000a001');
      const holdless = draft('01900000-0000-7000-8000-00000000a002');
      await domain.store.record(held);
      await domain.store.record(holdless);
      await domain.bus.request(
        { subject: 'wallets.placeHold' },
        { holdId: held.id, walletId: aliceEur, amountMinor: '500', currency: 'EUR', paymentId: held.id },
      );
      expect(domain.bank.available(aliceEur)).toBe(49_500n);

      await domain.recover(new Date());
      expect(await stored(domain, held.id)).toMatchObject({
        status: 'DECLINED',
        declineReason: DeclineReason.PROCESSING_TIMEOUT,
      });
      expect(await stored(domain, holdless.id)).toMatchObject({
        status: 'DECLINED',
        declineReason: DeclineReason.PROCESSING_TIMEOUT,
      });
      expect(domain.bank.holds.get(held.id)?.status).toBe('VOIDED');
      expect(domain.bank.available(aliceEur)).toBe(50_000n);
    });
  });

  describe('reading payments', () => {
    it('lists a wallet newest first with stable cursors, for the owner; NOT_FOUND for anyone else', async () => {
      const made: string[] = [];
      for (const amount of ['1.00', '2.00', '3.00']) {
        domain.clock.now = new Date(domain.clock.now.getTime() + 1_000);
        made.push((await transfer(amount)).id);
      }
      const page = (viewer: Viewer, after?: unknown[]) =>
        domain.queries.walletPayments(
          viewer,
          bobEur,
          {},
          { first: 2, after },
          {
            wallet: (id) => domain.bus.request({ subject: 'wallets.getWallet' }, { walletId: id }),
            partnerScopes: async () => [],
            payment: (id) => domain.store.findById(id),
          },
        );
      const first = await page(customer(bob));
      expect(first.map((p) => p.id)).toEqual([made[2], made[1], made[0]]);
      const last = first[1];
      const second = await page(customer(bob), [last.createdAt.getTime(), last.id]);
      expect(second.map((p) => p.id)).toEqual([made[0]]);
      await expect(codeOf(page(customer(domain.bank.addAccount())))).resolves.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        page({ kind: 'account', accountId: domain.bank.addAccount(), roles: ['ANALYST'] }),
      ).resolves.toHaveLength(3);
    });

    it('shows a payment to its payer and payee, not to a stranger', async () => {
      const payment = await transfer('4.00');
      const lookups = {
        wallet: (id: string) => domain.bus.request({ subject: 'wallets.getWallet' }, { walletId: id }),
        partnerScopes: async () => [],
        payment: (id: string) => domain.store.findById(id),
      };
      await expect(
        domain.queries.payment(customer(alice), payment.id, lookups as never),
      ).resolves.toMatchObject({ id: payment.id });
      await expect(
        domain.queries.payment(customer(bob), payment.id, lookups as never),
      ).resolves.toMatchObject({ id: payment.id });
      await expect(
        codeOf(domain.queries.payment(customer(domain.bank.addAccount()), payment.id, lookups as never)),
      ).resolves.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
