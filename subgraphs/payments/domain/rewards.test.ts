import { PaymentCommands, PaymentEvents } from '../contract';
import { WalletCommands } from '../../wallets/contract';
import { stored } from '../testing/harness';
import { codeOf, paymentCount, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

let rewardCounter = 0;
/** A reward for Bob's EUR wallet, asked for over the bus as offers asks. */
function reward(amountMinor: string, overrides: Record<string, unknown> = {}) {
  return {
    rewardId: `reward-${++rewardCounter}`,
    kind: 'CASHBACK' as const,
    accountId: s.bob,
    walletId: s.bobEur,
    amountMinor,
    currency: 'EUR',
    ...overrides,
  };
}

const credit = (request: ReturnType<typeof reward>) =>
  s.domain.bus.request(PaymentCommands.creditReward, request);

describe('rewards credited over the bus', () => {
  it('credits a cashback from the REWARDS account as a payment of its own, linked to the payment it rewards', async () => {
    const purchase = await s.transfer('40.00');
    const reply = await credit(reward('120', { relatedPaymentId: purchase.id, note: '3% dining' }));
    expect(reply).toEqual({ paymentId: expect.any(String), status: 'COMPLETED', declineReason: null });
    expect(s.domain.bank.balance(s.bobEur)).toBe(4_000n + 120n);
    expect(s.domain.bank.systemBalance('REWARDS', 'EUR')).toBe(-120n);
    expect(await stored(s.domain, reply.paymentId)).toMatchObject({
      kind: 'CASHBACK',
      accountId: s.bob,
      destinationWalletId: s.bobEur,
      relatedPaymentId: purchase.id,
      note: '3% dining',
    });
    const log = await s.domain.publishEvents();
    const completed = await log.waitFor(
      PaymentEvents.completed,
      (data) => data.paymentId === reply.paymentId,
    );
    expect(completed.data).toMatchObject({
      kind: 'CASHBACK',
      relatedPaymentId: purchase.id,
      amountMinor: 120n,
    });
  });

  it('credits once per reward id: a redelivered request answers with the same payment', async () => {
    const request = reward('250');
    const [first, again] = await Promise.all([credit(request), credit(request)]);
    expect(again.paymentId).toBe(first.paymentId);
    expect(await credit(request)).toEqual(first);
    expect(s.domain.bank.balance(s.bobEur)).toBe(250n);
  });

  it('refuses the same reward id with another amount as a CONFLICT, crediting nothing more', async () => {
    const request = reward('300');
    await credit(request);
    expect(await codeOf(credit({ ...request, amountMinor: '301' }))).toMatchObject({ code: 'CONFLICT' });
    expect(s.domain.bank.balance(s.bobEur)).toBe(300n);
  });

  it('does not count a reward toward the daily limit: 1,500.00 of rewards leave room for a 900.00 transfer', async () => {
    await credit(reward('150000', { accountId: s.alice, walletId: s.aliceEur }));
    expect((await s.transfer('900.00')).status).toBe('COMPLETED');
  });

  it('refuses a wallet that is not the account’s as NOT_FOUND, and another currency as BAD_USER_INPUT', async () => {
    const count = await paymentCount(s.domain);
    expect(await codeOf(credit(reward('100', { walletId: s.aliceEur })))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await codeOf(credit(reward('100', { currency: 'USD' })))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await codeOf(credit(reward('0')))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await paymentCount(s.domain)).toBe(count);
  });

  it('declines a points redemption for a frozen account, moving no money', async () => {
    s.domain.bank.accounts.get(s.bob)!.status = 'FROZEN';
    const reply = await credit(reward('500', { kind: 'POINTS_REDEMPTION' }));
    expect(reply).toMatchObject({ status: 'DECLINED', declineReason: 'ACCOUNT_FROZEN' });
    expect(s.domain.bank.balance(s.bobEur)).toBe(0n);
  });

  it('redeems points into an active account’s wallet', async () => {
    const reply = await credit(reward('500', { kind: 'POINTS_REDEMPTION' }));
    expect(reply.status).toBe('COMPLETED');
    expect(s.domain.bank.balance(s.bobEur)).toBe(500n);
  });

  it('finishes a credit whose answer was lost: the reward stays PENDING and approved, and recovery completes it once', async () => {
    s.domain.bus.fail(WalletCommands.transfer, { times: 1 });
    const reply = await credit(reward('700'));
    expect(reply.status).toBe('PENDING');
    expect(await stored(s.domain, reply.paymentId)).toMatchObject({ riskDecision: 'APPROVE' });
    await s.domain.recover(new Date(Date.now() + 60_000));
    expect(await stored(s.domain, reply.paymentId)).toMatchObject({ status: 'COMPLETED' });
    expect(s.domain.bank.balance(s.bobEur)).toBe(700n);
  });
});
