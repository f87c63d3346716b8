import { Payment } from '../store/payment.entity';
import { PaymentStatus } from './payment';
import { money } from '../testing/harness';
import { codeOf, customer, key, paymentCount, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

describe('bad input leaves no payment and no balance change', () => {
  it.each([
    ['0.00', 'input.amount'],
    ['-5.00', 'input.amount'],
    ['1.001', 'input.amount'],
    ['1e3', 'input.amount'],
    ['abc', 'input.amount'],
  ])('amount %s is BAD_USER_INPUT on %s', async (amount, field) => {
    const before = await paymentCount(s.domain);
    await expect(codeOf(s.transfer(amount))).resolves.toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await paymentCount(s.domain)).toBe(before);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n);
  });

  it('an amount in another currency than the wallet is BAD_USER_INPUT on input.amount.currency', async () => {
    await expect(
      codeOf(
        s.domain.service.transfer(customer(s.alice), {
          fromWalletId: s.aliceEur,
          toWalletId: s.bobEur,
          amount: money('1.00', 'USD'),
          idempotencyKey: key(),
        }),
      ),
    ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount.currency' });
    await expect(
      codeOf(
        s.domain.service.transfer(customer(s.alice), {
          fromWalletId: s.aliceEur,
          toWalletId: s.bobEur,
          amount: money('1.00', 'XYZ'),
          idempotencyKey: key(),
        }),
      ),
    ).resolves.toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount.currency' });
  });

  it("unknown and someone else's wallets are NOT_FOUND; the payee may be anyone's but must exist", async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    await expect(codeOf(s.transfer('1.00', { from: unknown }))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(codeOf(s.transfer('1.00', { from: s.bobEur, to: s.aliceEur }))).resolves.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(codeOf(s.transfer('1.00', { to: unknown }))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(codeOf(s.transfer('1.00', { to: 'not-an-id' }))).resolves.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n);
  });

  it('a transfer to the same wallet is BAD_USER_INPUT', async () => {
    await expect(codeOf(s.transfer('1.00', { to: s.aliceEur }))).resolves.toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.toWalletId',
    });
  });

  it.each([[''], ['   '], ['k'.repeat(129)]])('idempotency key %j is BAD_USER_INPUT', async (badKey) => {
    await expect(codeOf(s.transfer('1.00', { key: badKey }))).resolves.toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.idempotencyKey',
    });
  });

  it('signed-out callers and partner apps cannot move money', async () => {
    await expect(
      codeOf(
        s.domain.service.transfer(
          { kind: 'anonymous' },
          { fromWalletId: s.aliceEur, toWalletId: s.bobEur, amount: money('1.00'), idempotencyKey: key() },
        ),
      ),
    ).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('idempotency', () => {
  it('the same key and parameters return the original payment and move money once', async () => {
    const sharedKey = key();
    const first = await s.transfer('10.00', { key: sharedKey });
    const again = await s.transfer('10.00', { key: sharedKey });
    expect(again.id).toBe(first.id);
    expect(again.status).toBe(PaymentStatus.COMPLETED);
    expect(s.domain.bank.balance(s.bobEur)).toBe(1_000n);
  });

  it('the same key with other parameters is a CONFLICT', async () => {
    const sharedKey = key();
    await s.transfer('10.00', { key: sharedKey });
    await expect(codeOf(s.transfer('11.00', { key: sharedKey }))).resolves.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(codeOf(s.transfer('10.00', { key: sharedKey, note: 'other' }))).resolves.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('keys are scoped per account: two accounts may use the same key', async () => {
    const sharedKey = key();
    const mine = await s.transfer('1.00', { key: sharedKey });
    const bobsWallet = s.domain.bank.addWallet(s.bob, 'EUR', 1_000n);
    const theirs = await s.domain.service.transfer(customer(s.bob), {
      fromWalletId: bobsWallet,
      toWalletId: s.aliceEur,
      amount: money('1.00'),
      idempotencyKey: sharedKey,
    });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.status).toBe(PaymentStatus.COMPLETED);
  });

  it('20 identical requests at once move money once and all return the same payment', async () => {
    const sharedKey = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => s.transfer('7.00', { key: sharedKey })),
    );
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    expect(s.domain.bank.balance(s.bobEur)).toBe(700n);
    expect(s.domain.bank.balance(s.aliceEur)).toBe(50_000n - 700n);
    const rows = await s.domain.database
      .fork()
      .count(Payment, { accountId: s.alice, idempotencyKey: sharedKey });
    expect(rows).toBe(1);
  });
});
