import { WalletCommands } from '../../wallets/contract';
import { RiskCommands, type RiskDecision } from '../../risk/contract';
import { startPaymentsDomain, type PaymentsDomain } from '../testing/harness';
import { PaymentStatus, SpendingCategory } from './payment';
import { money, stored } from '../testing/harness';
import { codeOf, customer, key } from '../testing/scenario';

describe('risk decisions', () => {
  let decision: RiskDecision;
  let risky: PaymentsDomain;
  let payer: string;
  let wallet: string;

  beforeAll(async () => {
    risky = await startPaymentsDomain({ risk: false });
    risky.bus.handle(RiskCommands.assess, async () => ({
      decision,
      score: 80,
      reasons: [{ code: 'TEST', description: 'test', contribution: 80 }],
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
    const verified = await risky.verification.verifyPayment(customer(payer), {
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
        codeOf(risky.verification.verifyPayment(customer(payer), { paymentId: payment.id, code: '000000' })),
      ).resolves.toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.code',
      });
      expect((await stored(risky, payment.id)).verificationAttempts).toBe(3 - left);
    }
    const declined = await risky.verification.verifyPayment(customer(payer), {
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
        risky.verification.verifyPayment(customer(risky.bank.addAccount()), {
          paymentId: payment.id,
          code: '123456',
        }),
      ),
    ).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a DECLINE whose void will not hold leaves the payment PENDING, and recovery declines it later', async () => {
    decision = 'DECLINE';
    risky.bus.fail(WalletCommands.voidHold, { times: 3 });
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
