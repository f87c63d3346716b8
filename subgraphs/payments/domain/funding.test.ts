import { PaymentKind, PaymentStatus, SpendingCategory } from './payment';
import { money } from '../testing/harness';
import { codeOf, customer, key, paymentCount, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

describe('top-ups and withdrawals', () => {
  it('tops up from a card: charged, credited from FUNDING', async () => {
    const card = s.domain.bank.addFundingSource(s.alice, 'DEBIT_CARD', '4242');
    const payment = await s.domain.service.topUp(customer(s.alice), {
      walletId: s.aliceEur,
      fundingSourceId: card,
      amount: money('25.00'),
      idempotencyKey: key(),
    });
    expect(payment).toMatchObject({
      status: PaymentStatus.COMPLETED,
      kind: PaymentKind.TOP_UP,
      fundingSourceId: card,
    });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(52_500n);
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
  });

  it('declines a top-up the card network declines, crediting nothing', async () => {
    const card = s.domain.bank.addFundingSource(s.alice, 'DEBIT_CARD', '0002');
    const payment = await s.domain.service.topUp(customer(s.alice), {
      walletId: s.aliceEur,
      fundingSourceId: card,
      amount: money('25.00'),
      idempotencyKey: key(),
    });
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'CARD_DECLINED' });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n);
  });

  it('retries a transient network error and completes the top-up', async () => {
    const card = s.domain.bank.addFundingSource(s.alice, 'CREDIT_CARD');
    const payment = await s.domain.service.topUp(customer(s.alice), {
      walletId: s.aliceEur,
      fundingSourceId: card,
      amount: money('20.13'),
      idempotencyKey: key(),
    });
    expect(payment.status).toBe(PaymentStatus.COMPLETED);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(52_013n);
  });

  it('withdraws to a bank account through SETTLEMENT', async () => {
    const iban = s.domain.bank.addFundingSource(s.alice, 'BANK_ACCOUNT', '3000');
    const before = s.domain.bank.systemBalance('SETTLEMENT', 'EUR');
    const payment = await s.domain.service.withdraw(customer(s.alice), {
      walletId: s.aliceEur,
      fundingSourceId: iban,
      amount: money('75.00'),
      idempotencyKey: key(),
    });
    expect(payment.status).toBe(PaymentStatus.COMPLETED);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(42_500n);
    expect(s.domain.bank.systemBalance('SETTLEMENT', 'EUR') - before).toBe(7_500n);
  });

  it('declines a withdrawal the bank rejects and voids its hold', async () => {
    const iban = s.domain.bank.addFundingSource(s.alice, 'BANK_ACCOUNT', '0002');
    const payment = await s.domain.service.withdraw(customer(s.alice), {
      walletId: s.aliceEur,
      fundingSourceId: iban,
      amount: money('75.00'),
      idempotencyKey: key(),
    });
    expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: 'PAYOUT_REJECTED' });
    expect(s.domain.bank.holds.get(payment.id)?.status).toBe('VOIDED');
    expect(s.domain.bank.available(s.aliceEur)).toBe(50_000n);
  });

  it('refuses to withdraw to a card: BAD_USER_INPUT on input.fundingSourceId', async () => {
    const card = s.domain.bank.addFundingSource(s.alice, 'DEBIT_CARD');
    const before = await paymentCount(s.domain);
    await expect(
      codeOf(
        s.domain.service.withdraw(customer(s.alice), {
          walletId: s.aliceEur,
          fundingSourceId: card,
          amount: money('5.00'),
          idempotencyKey: key(),
        }),
      ),
    ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.fundingSourceId' });
    expect(await paymentCount(s.domain)).toBe(before);
  });

  it('pays a merchant through SETTLEMENT with its category', async () => {
    const payment = await s.domain.service.payMerchant(customer(s.alice), {
      walletId: s.aliceEur,
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
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n - 1_234n);
  });
});
