import {
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  pay,
  settled,
  walletOf,
  type PaymentView,
  usePaymentsGraph,
} from './support/payments';

describe('payments under concurrency, through the gateway', () => {
  const g = usePaymentsGraph();

  it('100 concurrent transfers of 10.00 from 500.00: exactly 50 complete, 50 are declined, the balance is 0.00', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '500.00');
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        pay(g.graph, ada.token, 'transfer', {
          fromWalletId: ada.wallets.EUR,
          toWalletId: bob.wallets.EUR,
          amount: { amount: '10.00', currency: 'EUR' },
          idempotencyKey: newKey(),
        }),
      ),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const payments = await Promise.all(
      responses.map((response) => settled(g.graph, ada.token, response.data!.transfer as PaymentView)),
    );
    expect(payments.filter((p) => p.status === 'COMPLETED')).toHaveLength(50);
    const declined = payments.filter((p) => p.status === 'DECLINED');
    expect(declined).toHaveLength(50);
    expect(new Set(declined.map((p) => p.declineReason))).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    const [adaWallet, bobWallet] = await Promise.all([
      walletOf(g.graph, ada.token, ada.wallets.EUR),
      walletOf(g.graph, bob.token, bob.wallets.EUR),
    ]);
    expect(adaWallet.balance.amount).toBe('0.00');
    expect(adaWallet.availableBalance.amount).toBe('0.00');
    expect(bobWallet.balance.amount).toBe('500.00');
    await expectBalancedLedger(g.probe);
  });

  it('transfers sent together from 10 payers, one of them short of funds: only that one is declined, INSUFFICIENT_FUNDS', async () => {
    const payee = await newPayer(g.graph);
    const payers = await Promise.all(Array.from({ length: 10 }, () => newPayer(g.graph)));
    await Promise.all(payers.map((payer, i) => fund(g.graph, payer, i === 3 ? '5.00' : '20.00')));
    const responses = await Promise.all(
      payers.map((payer) =>
        pay(g.graph, payer.token, 'transfer', {
          fromWalletId: payer.wallets.EUR,
          toWalletId: payee.wallets.EUR,
          amount: { amount: '10.00', currency: 'EUR' },
          idempotencyKey: newKey(),
        }),
      ),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const payments = await Promise.all(
      responses.map((response, i) =>
        settled(g.graph, payers[i].token, response.data!.transfer as PaymentView),
      ),
    );
    expect(payments.map((p) => p.status)).toEqual(payers.map((_, i) => (i === 3 ? 'DECLINED' : 'COMPLETED')));
    expect(payments[3].declineReason).toBe('INSUFFICIENT_FUNDS');
    const balances = await Promise.all(
      payers.map(async (payer) => (await walletOf(g.graph, payer.token, payer.wallets.EUR)).balance.amount),
    );
    expect(balances).toEqual(payers.map((_, i) => (i === 3 ? '5.00' : '10.00')));
    expect((await walletOf(g.graph, payee.token, payee.wallets.EUR)).balance.amount).toBe('90.00');
    await expectBalancedLedger(g.probe);
  });

  it('the same idempotency key sent 20 times at once moves money once and returns one payment', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '50.00');
    const input = {
      fromWalletId: ada.wallets.EUR,
      toWalletId: bob.wallets.EUR,
      amount: { amount: '12.50', currency: 'EUR' },
      note: 'once',
      idempotencyKey: newKey(),
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => pay(g.graph, ada.token, 'transfer', input)),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const ids = new Set(responses.map((response) => response.data!.transfer.id));
    expect(ids.size).toBe(1);
    await settled(g.graph, ada.token, responses[0].data!.transfer);
    const again = await pay(g.graph, ada.token, 'transfer', input);
    expect(again.data!.transfer).toMatchObject({ id: [...ids][0], status: 'COMPLETED' });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('37.50');
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('12.50');
    await expectBalancedLedger(g.probe);
  });

  it('the same top-up key sent 20 times at once charges and credits once', async () => {
    const ada = await newPayer(g.graph);
    const input = {
      walletId: ada.wallets.EUR,
      fundingSourceId: ada.cardId,
      amount: { amount: '30.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => pay(g.graph, ada.token, 'topUp', input)),
    );
    expect(new Set(responses.map((response) => response.data?.topUp.id)).size).toBe(1);
    expect((await settled(g.graph, ada.token, responses[0].data!.topUp)).status).toBe('COMPLETED');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('30.00');
  });
});
