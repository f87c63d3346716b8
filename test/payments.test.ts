import { errorCodes } from './support/graph';
import {
  entriesOf,
  expectBalancedLedger,
  fund,
  linkBank,
  newKey,
  newPayer,
  ok,
  pay,
  publishedBy,
  walletOf,
  usePaymentsGraph,
} from './support/payments';
import { PaymentEvents } from '../subgraphs/payments/contract';

describe('payments, end to end through the gateway', () => {
  const g = usePaymentsGraph();

  it('a top-up from a card credits the wallet from FUNDING', async () => {
    const ada = await newPayer(g.graph);
    const funding = await g.probe.system('FUNDING', 'EUR');
    const topUp = await fund(g.graph, ada, '250.00');
    expect(topUp).toMatchObject({
      kind: 'TOP_UP',
      status: 'COMPLETED',
      amount: { amount: '250.00', currency: 'EUR' },
      destinationWallet: { id: ada.wallets.EUR },
      sourceWallet: null,
      fundingSource: { id: ada.cardId },
      declineReason: null,
    });
    expect(topUp.completedAt).not.toBeNull();
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('250.00');
    expect(entriesOf(wallet, topUp.id)).toEqual(['CREDIT 250.00']);
    expect((await g.probe.system('FUNDING', 'EUR')) - funding).toBe(-25_000n);
    expect(await publishedBy(g.graph, topUp.id)).toEqual(['payment.created', 'payment.completed']);
    await expectBalancedLedger(g.probe);
  });

  it("a transfer to another customer's wallet debits one and credits the other", async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const { transfer } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '40.25', currency: 'EUR' },
        note: 'dinner',
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer).toMatchObject({
      kind: 'TRANSFER',
      status: 'COMPLETED',
      note: 'dinner',
      creditedAmount: null,
      fxRate: null,
    });
    const [adaWallet, bobWallet] = await Promise.all([
      walletOf(g.graph, ada.token, ada.wallets.EUR),
      walletOf(g.graph, bob.token, bob.wallets.EUR),
    ]);
    expect(adaWallet.balance.amount).toBe('59.75');
    expect(adaWallet.availableBalance.amount).toBe('59.75');
    expect(bobWallet.balance.amount).toBe('40.25');
    expect(entriesOf(adaWallet, transfer.id)).toEqual(['DEBIT 40.25']);
    expect(entriesOf(bobWallet, transfer.id)).toEqual(['CREDIT 40.25']);

    // Both ends can read it; a stranger cannot.
    const query = `query ($id: ID!) { payment(id: $id) { id status } }`;
    expect((await g.graph.gql(query, { id: transfer.id }, bob.token)).data).toEqual({
      payment: { id: transfer.id, status: 'COMPLETED' },
    });
    const stranger = await newPayer(g.graph);
    expect(errorCodes(await g.graph.gql(query, { id: transfer.id }, stranger.token))).toEqual(['NOT_FOUND']);

    // Both wallets list it, newest first.
    const list = await ok(
      g.graph.gql<{ wallet: { payments: { edges: { node: { id: string } }[] } } }>(
        `query ($id: ID!) { wallet(id: $id) { payments(first: 10) { edges { node { id } } pageInfo { hasNextPage } } } }`,
        { id: ada.wallets.EUR },
        ada.token,
      ),
    );
    expect(list.wallet.payments.edges.map((edge) => edge.node.id)[0]).toBe(transfer.id);
    expect(await publishedBy(g.graph, transfer.id)).toEqual(['payment.created', 'payment.completed']);
    const completed = await g.graph.events.waitFor(
      PaymentEvents.completed,
      (data) => data.paymentId === transfer.id,
    );
    expect(completed.data).toMatchObject({
      kind: 'TRANSFER',
      amountMinor: 4_025n,
      currency: 'EUR',
      accountId: ada.accountId,
      destinationAccountId: bob.accountId,
      sourceWalletId: ada.wallets.EUR,
      destinationWalletId: bob.wallets.EUR,
    });
    await expectBalancedLedger(g.probe);
  });

  it('FX: 100.00 EUR into a CNY wallet credits 781.23 CNY (7.8123, half-even) and the system accounts balance', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph, ['CNY']);
    await fund(g.graph, ada, '200.00');
    const fxBefore = { eur: await g.probe.system('FX', 'EUR'), cny: await g.probe.system('FX', 'CNY') };
    const { transfer } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.CNY,
        amount: { amount: '100.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer).toMatchObject({
      status: 'COMPLETED',
      amount: { amount: '100.00', currency: 'EUR' },
      creditedAmount: { amount: '781.23', currency: 'CNY' },
      fxRate: '7.8123',
    });
    const { transfer: tie } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.CNY,
        amount: { amount: '50.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    // 50.00 x 7.8123 = 390.615: the tie goes to the even cent.
    expect(tie.creditedAmount).toEqual({ amount: '390.62', currency: 'CNY' });
    const bobWallet = await walletOf(g.graph, bob.token, bob.wallets.CNY);
    expect(bobWallet.balance).toEqual({ amount: '1171.85', currency: 'CNY' });
    expect((await g.probe.system('FX', 'EUR')) - fxBefore.eur).toBe(15_000n);
    expect((await g.probe.system('FX', 'CNY')) - fxBefore.cny).toBe(-117_185n);
    await expectBalancedLedger(g.probe);
  });

  it('a withdrawal to a bank account goes out through SETTLEMENT; a card is BAD_USER_INPUT', async () => {
    const ada = await newPayer(g.graph);
    const bank = await linkBank(g.graph, ada);
    await fund(g.graph, ada, '80.00');
    const settlement = await g.probe.system('SETTLEMENT', 'EUR');
    const { withdraw } = await ok(
      pay(g.graph, ada.token, 'withdraw', {
        walletId: ada.wallets.EUR,
        fundingSourceId: bank,
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(withdraw).toMatchObject({ kind: 'WITHDRAWAL', status: 'COMPLETED', fundingSource: { id: bank } });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('50.00');
    expect(entriesOf(wallet, withdraw.id)).toEqual(['DEBIT 30.00']);
    expect((await g.probe.system('SETTLEMENT', 'EUR')) - settlement).toBe(3_000n);
    expect(await publishedBy(g.graph, withdraw.id)).toEqual(['payment.created', 'payment.completed']);

    const toCard = await pay(g.graph, ada.token, 'withdraw', {
      walletId: ada.wallets.EUR,
      fundingSourceId: ada.cardId,
      amount: { amount: '5.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    });
    expect(toCard.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.fundingSourceId',
    });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('50.00');
    await expectBalancedLedger(g.probe);
  });

  it('a merchant payment is settled with its merchant and category', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '20.00');
    const { payMerchant } = await ok(
      pay(g.graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Corner Café',
        category: 'DINING',
        amount: { amount: '4.50', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(payMerchant).toMatchObject({
      kind: 'MERCHANT',
      status: 'COMPLETED',
      merchant: { name: 'Corner Café', category: 'DINING' },
      category: 'DINING',
      destinationWallet: null,
    });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('15.50');
    expect(entriesOf(wallet, payMerchant.id)).toEqual(['DEBIT 4.50']);
    const filtered = await ok(
      g.graph.gql<{ wallet: { payments: { edges: { node: { id: string } }[] } } }>(
        `query ($id: ID!) { wallet(id: $id) { payments(filter: { kind: MERCHANT, category: DINING }) { edges { node { id } } } } }`,
        { id: ada.wallets.EUR },
        ada.token,
      ),
    );
    expect(filtered.wallet.payments.edges.map((edge) => edge.node.id)).toEqual([payMerchant.id]);
    expect(await publishedBy(g.graph, payMerchant.id)).toEqual(['payment.created', 'payment.completed']);
    const completed = await g.graph.events.waitFor(
      PaymentEvents.completed,
      (data) => data.paymentId === payMerchant.id,
    );
    expect(completed.data).toMatchObject({
      category: 'DINING',
      merchantName: 'Corner Café',
      amountMinor: 450n,
    });
  });

  it('a top-up the card network declines is DECLINED with its code and credits nothing', async () => {
    const ada = await newPayer(g.graph, ['EUR'], '0002');
    const { topUp } = await ok(
      pay(g.graph, ada.token, 'topUp', {
        walletId: ada.wallets.EUR,
        fundingSourceId: ada.cardId,
        amount: { amount: '10.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(topUp).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_DECLINED' });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('0.00');
    expect(await publishedBy(g.graph, topUp.id, 'declined')).toEqual(['payment.created', 'payment.declined']);
  });
});
