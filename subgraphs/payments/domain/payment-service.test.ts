import { WalletCommands } from '../../wallets/contract';
import { PaymentEvents } from '../contract';
import { PaymentKind, PaymentStatus } from './payment';
import { money, stored } from '../testing/harness';
import { customer, key, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

describe('transfers', () => {
  it('completes an approved transfer in one ledger transfer, no hold, and the books balance', async () => {
    const payment = await s.transfer('120.50', { note: 'rent' });
    expect(payment).toMatchObject({
      status: PaymentStatus.COMPLETED,
      kind: PaymentKind.TRANSFER,
      note: 'rent',
    });
    expect(payment.completedAt).toBeInstanceOf(Date);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n - 12_050n);
    expect(s.domain.bank.balance(s.bobEur)).toBe(12_050n);
    expect(s.domain.bank.holds.has(payment.id)).toBe(false);
    expect(await s.domain.bus.request(WalletCommands.getTransfer, { transferId: payment.id })).toEqual({
      transferId: payment.id,
      outcome: 'POSTED',
    });
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
    const row = await stored(s.domain, payment.id);
    expect(row).toMatchObject({ status: 'COMPLETED', riskDecision: 'APPROVE', destinationAccountId: s.bob });
  });

  it('writes payment.created and payment.completed with the whole payment', async () => {
    const payment = await s.transfer('1.00');
    const log = await s.domain.publishEvents();
    expect(log.typesWhere((data) => (data as { paymentId: string }).paymentId === payment.id)).toEqual([
      'payment.created',
      'payment.completed',
    ]);
    const events = [...log.all(PaymentEvents.created), ...log.all(PaymentEvents.completed)].filter(
      (event) => event.data.paymentId === payment.id,
    );
    expect(events[1].data).toMatchObject({
      paymentId: payment.id,
      kind: 'TRANSFER',
      status: 'COMPLETED',
      amountMinor: 100n,
      currency: 'EUR',
      sourceWalletId: s.aliceEur,
      destinationWalletId: s.bobEur,
      accountId: s.alice,
      destinationAccountId: s.bob,
      declineReason: null,
    });
  });

  it('converts between currencies half-even and posts through FX: 100.00 EUR is 781.23 CNY', async () => {
    const bobCny = s.domain.bank.addWallet(s.bob, 'CNY');
    const payment = await s.transfer('100.00', { to: bobCny });
    expect(payment).toMatchObject({
      status: PaymentStatus.COMPLETED,
      creditedAmountMinor: 78_123n,
      creditedCurrency: 'CNY',
      fxRate: '7.8123',
    });
    expect(s.domain.bank.balance(bobCny)).toBe(78_123n);
    expect(s.domain.bank.systemBalance('FX', 'CNY')).toBe(-78_123n);
    for (const total of s.domain.bank.totals().values()) expect(total).toBe(0n);
    const tie = await s.transfer('50.00', { to: bobCny });
    expect(tie.creditedAmountMinor).toBe(39_062n);
  });

  it('declines for insufficient funds without placing a hold', async () => {
    const poor = s.domain.bank.addAccount();
    const poorWallet = s.domain.bank.addWallet(poor, 'EUR', 1_000n);
    const declined = await s.domain.service.transfer(customer(poor), {
      fromWalletId: poorWallet,
      toWalletId: s.bobEur,
      amount: money('10.01'),
      idempotencyKey: key(),
    });
    expect(declined).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'INSUFFICIENT_FUNDS' });
    expect(s.domain.bank.balance(poorWallet)).toBe(1_000n);
    expect(s.domain.bank.holds.has(declined.id)).toBe(false);
  });

  it('lets exactly as many concurrent transfers through as the balance covers', async () => {
    const payer = s.domain.bank.addAccount();
    const wallet = s.domain.bank.addWallet(payer, 'EUR', 50_000n);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        s.domain.service.transfer(customer(payer), {
          fromWalletId: wallet,
          toWalletId: s.bobEur,
          amount: money('10.00'),
          idempotencyKey: key(),
        }),
      ),
    );
    expect(results.filter((p) => p.status === PaymentStatus.COMPLETED)).toHaveLength(50);
    const declined = results.filter((p) => p.status === PaymentStatus.DECLINED);
    expect(declined).toHaveLength(50);
    expect(new Set(declined.map((p) => p.declineReason))).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    expect(s.domain.bank.balance(wallet)).toBe(0n);
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
  });
});

describe('declines', () => {
  it("declines a frozen account's payment with ACCOUNT_FROZEN and moves nothing", async () => {
    s.domain.bank.accounts.get(s.alice)!.status = 'FROZEN';
    const payment = await s.transfer('10.00');
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n);
    expect(s.domain.bank.holds.has(payment.id)).toBe(false);
  });

  it('declines a payment from a frozen wallet with ACCOUNT_FROZEN', async () => {
    const frozen = s.domain.bank.addWallet(s.alice, 'EUR', 10_000n, 'FROZEN');
    const payment = await s.transfer('10.00', { from: frozen });
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
    expect(s.domain.bank.balance(frozen)).toBe(10_000n);
  });

  it('declines a transfer to a closed wallet with DESTINATION_WALLET_CLOSED before any hold', async () => {
    const closed = s.domain.bank.addWallet(s.bob, 'EUR', 0n, 'CLOSED');
    const payment = await s.transfer('10.00', { to: closed });
    expect(payment).toMatchObject({
      status: PaymentStatus.DECLINED,
      declineReason: 'DESTINATION_WALLET_CLOSED',
    });
    expect(s.domain.bank.holds.has(payment.id)).toBe(false);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n);
  });

  it('declines a transfer to a known wallet closed since with DESTINATION_WALLET_CLOSED, moving nothing', async () => {
    expect((await s.transfer('10.00')).status).toBe(PaymentStatus.COMPLETED);
    s.domain.bank.wallets.get(s.bobEur)!.status = 'CLOSED';
    const payment = await s.transfer('20.00');
    expect(payment).toMatchObject({
      status: PaymentStatus.DECLINED,
      declineReason: 'DESTINATION_WALLET_CLOSED',
    });
    expect(s.domain.bank.holds.has(payment.id)).toBe(false);
    expect(s.domain.bank.available(s.aliceEur)).toBe(49_000n);
    expect(s.domain.bank.balance(s.bobEur)).toBe(1_000n);
  });

  it('declines a payment from a known wallet frozen since with ACCOUNT_FROZEN', async () => {
    expect((await s.transfer('10.00')).status).toBe(PaymentStatus.COMPLETED);
    s.domain.bank.wallets.get(s.aliceEur)!.status = 'FROZEN';
    const payment = await s.transfer('20.00');
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'ACCOUNT_FROZEN' });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(49_000n);
  });

  it('declines a payment over the per-payment limit before any hold is placed', async () => {
    const rich = s.domain.bank.addWallet(s.alice, 'EUR', 500_000n);
    const payment = await s.transfer('1000.01', { from: rich });
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'LIMIT_EXCEEDED' });
    expect(s.domain.bank.holds.has(payment.id)).toBe(false);
    expect(s.domain.bank.available(rich)).toBe(500_000n);
  });

  it('declines the payment that takes the day over the daily limit, and a declined one does not count', async () => {
    const from = s.domain.bank.addWallet(s.alice, 'EUR', 500_000n);
    for (const amount of ['1000.00', '900.00'])
      expect((await s.transfer(amount, { from })).status).toBe(PaymentStatus.COMPLETED);
    expect((await s.transfer('1000.00', { from })).declineReason).toBe('LIMIT_EXCEEDED');
    expect((await s.transfer('100.00', { from })).status).toBe(PaymentStatus.COMPLETED);
    expect((await s.transfer('0.01', { from })).declineReason).toBe('LIMIT_EXCEEDED');
    expect(s.domain.bank.balance(from)).toBe(300_000n);
    expect(s.domain.bank.available(from)).toBe(300_000n);
  });
});
