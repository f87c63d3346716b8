import { Payment } from '../store/payment.entity';
import { WalletCommands } from '../../wallets/contract';
import { DeclineReason, PaymentKind, PaymentStatus } from './payment';
import { money, stored } from '../testing/harness';
import { customer, key, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

/** A transfer from Alice to Bob recorded PENDING two minutes ago and left there, as if its runner died. */
function abandonedTransfer(id: string, amountMinor: bigint, riskDecision: 'APPROVE' | null): Payment {
  const then = new Date(Date.now() - 120_000);
  return Object.assign(new Payment(), {
    id,
    kind: PaymentKind.TRANSFER,
    status: PaymentStatus.PENDING,
    accountId: s.alice,
    sourceWalletId: s.aliceEur,
    destinationWalletId: s.bobEur,
    destinationAccountId: s.bob,
    amountMinor,
    currency: 'EUR',
    riskDecision,
    idempotencyKey: key(),
    requestFingerprint: 'x',
    verificationAttempts: 0,
    createdAt: then,
    updatedAt: then,
  });
}

describe('recovery', () => {
  const payMerchant = (amount: string) =>
    s.domain.service.payMerchant(customer(s.alice), {
      walletId: s.aliceEur,
      merchantName: 'Corner Shop',
      category: 'GROCERIES',
      amount: money(amount),
      idempotencyKey: key(),
    });

  it('a failing post leaves the payment PENDING and approved; the recovery pass completes it', async () => {
    s.domain.bus.fail(WalletCommands.postHold, { times: 1 });
    const payment = await payMerchant('30.00');
    expect(payment.status).toBe(PaymentStatus.PENDING);
    expect(await stored(s.domain, payment.id)).toMatchObject({ status: 'PENDING', riskDecision: 'APPROVE' });
    expect(s.domain.bank.holds.get(payment.id)?.status).toBe('PENDING');
    expect(s.domain.bank.balance(s.bobEur)).toBe(0n);

    const tooEarly = await s.domain.recover(new Date());
    expect(tooEarly.examined).toBe(0);
    await s.domain.recover(new Date(Date.now() + 60_000));
    expect(await stored(s.domain, payment.id)).toMatchObject({ status: 'COMPLETED' });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(47_000n);
    expect(s.domain.bank.systemBalance('SETTLEMENT', 'EUR')).toBe(3_000n);
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
  });

  it('a transfer whose one-step move meets an outage is undone: its id voided, declined, nothing moved', async () => {
    s.domain.bus.fail(WalletCommands.transfer, { times: 1 });
    const payment = await s.transfer('30.00');
    expect(payment).toMatchObject({ status: 'DECLINED', declineReason: DeclineReason.PROCESSING_TIMEOUT });
    // The id is voided: the same transfer arriving late moves nothing.
    const late = await s.domain.bus.request(WalletCommands.transfer, {
      transferId: payment.id,
      debit: { walletId: s.aliceEur },
      credit: { walletId: s.bobEur },
      amountMinor: '3000',
      currency: 'EUR',
      paymentId: payment.id,
    });
    expect(late).toMatchObject({ outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    expect([s.domain.bank.balance(s.aliceEur), s.domain.bank.balance(s.bobEur)]).toEqual([50_000n, 0n]);
  });

  it('a transfer left PENDING with no hold ends as the ledger answered its move, or moves now when approved', async () => {
    const pending = async (id: string, riskDecision: 'APPROVE' | null) => {
      const payment = abandonedTransfer(id, 1_000n, riskDecision);
      await s.domain.store.record(payment);
      return payment;
    };
    const move = (transferId: string, amountMinor: string) =>
      s.domain.bus.request(WalletCommands.transfer, {
        transferId,
        debit: { walletId: s.aliceEur },
        credit: { walletId: s.bobEur },
        amountMinor,
        currency: 'EUR',
        paymentId: transferId,
      });
    // Moved before its runner died; refused before its runner died; approved but never sent.
    const moved = await pending('01900000-0000-7000-8000-00000000b001', null);
    await move(moved.id, '1000');
    const refused = await pending('01900000-0000-7000-8000-00000000b002', null);
    s.domain.bank.wallets.get(s.aliceEur)!.status = 'FROZEN';
    await move(refused.id, '1000');
    s.domain.bank.wallets.get(s.aliceEur)!.status = 'ACTIVE';
    const approved = await pending('01900000-0000-7000-8000-00000000b003', 'APPROVE');

    const report = await s.domain.recover(new Date());
    expect(report).toMatchObject({ completed: 2, declined: 1 });
    expect(await stored(s.domain, moved.id)).toMatchObject({ status: 'COMPLETED' });
    expect(await stored(s.domain, refused.id)).toMatchObject({
      status: 'DECLINED',
      declineReason: DeclineReason.ACCOUNT_FROZEN,
    });
    expect(await stored(s.domain, approved.id)).toMatchObject({ status: 'COMPLETED' });
    expect([s.domain.bank.balance(s.aliceEur), s.domain.bank.balance(s.bobEur)]).toEqual([48_000n, 2_000n]);
    expect(s.domain.bank.totals().get('EUR')).toBe(0n);
  });

  it('declines an abandoned payment: its hold is voided, or it never got one', async () => {
    const draft = (id: string) => abandonedTransfer(id, 500n, null);
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
