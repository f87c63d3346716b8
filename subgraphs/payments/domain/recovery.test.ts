import { Payment } from '../store/payment.entity';
import { WalletCommands } from '../../wallets/contract';
import { DeclineReason, PaymentKind, PaymentStatus } from './payment';
import { stored } from '../testing/harness';
import { key, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

describe('recovery', () => {
  it('a failing post leaves the payment PENDING and approved; the recovery pass completes it', async () => {
    s.domain.bus.fail(WalletCommands.postHold, { times: 1 });
    const payment = await s.transfer('30.00');
    expect(payment.status).toBe(PaymentStatus.PENDING);
    expect(await stored(s.domain, payment.id)).toMatchObject({ status: 'PENDING', riskDecision: 'APPROVE' });
    expect(s.domain.bank.holds.get(payment.id)?.status).toBe('PENDING');
    expect(s.domain.bank.balance(s.bobEur)).toBe(0n);

    const tooEarly = await s.domain.recover(new Date());
    expect(tooEarly.examined).toBe(0);
    await s.domain.recover(new Date(Date.now() + 60_000));
    expect(await stored(s.domain, payment.id)).toMatchObject({ status: 'COMPLETED' });
    expect(s.domain.bank.balance(s.bobEur)).toBe(3_000n);
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
  });

  it('declines an abandoned payment: its hold is voided, or it never got one', async () => {
    const now = new Date(Date.now() - 120_000);
    const draft = (id: string) =>
      Object.assign(new Payment(), {
        id,
        kind: PaymentKind.TRANSFER,
        status: PaymentStatus.PENDING,
        accountId: s.alice,
        sourceWalletId: s.aliceEur,
        destinationWalletId: s.bobEur,
        destinationAccountId: s.bob,
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
    await s.domain.store.record(held);
    await s.domain.store.record(holdless);
    await s.domain.bus.request(WalletCommands.placeHold, {
      holdId: held.id,
      walletId: s.aliceEur,
      amountMinor: '500',
      currency: 'EUR',
      paymentId: held.id,
    });
    expect(s.domain.bank.available(s.aliceEur)).toBe(49_500n);

    await s.domain.recover(new Date());
    expect(await stored(s.domain, held.id)).toMatchObject({
      status: 'DECLINED',
      declineReason: DeclineReason.PROCESSING_TIMEOUT,
    });
    expect(await stored(s.domain, holdless.id)).toMatchObject({
      status: 'DECLINED',
      declineReason: DeclineReason.PROCESSING_TIMEOUT,
    });
    expect(s.domain.bank.holds.get(held.id)?.status).toBe('VOIDED');
    expect(s.domain.bank.available(s.aliceEur)).toBe(50_000n);
  });
});
