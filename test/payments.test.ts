import { errorCodes, startTestGraph, type TestGraph } from './support/graph';
import {
  LedgerProbe,
  entriesOf,
  expectBalancedLedger,
  fund,
  linkBank,
  newKey,
  newPayer,
  nextTotp,
  ok,
  pay,
  walletOf,
  type Payer,
} from './support/payments';
import { authenticator } from 'otplib';
import { RiskCommands } from '../subgraphs/risk/contract';

describe('payments, end to end through the gateway', () => {
  let graph: TestGraph;
  let probe: LedgerProbe;
  beforeAll(async () => {
    graph = await startTestGraph();
    probe = new LedgerProbe(graph);
  });
  afterAll(async () => {
    await probe.close();
    await graph.close();
  });

  it('a top-up from a card credits the wallet from FUNDING', async () => {
    const ada = await newPayer(graph);
    const funding = await probe.system('FUNDING', 'EUR');
    const topUp = await fund(graph, ada, '250.00');
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
    const wallet = await walletOf(graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('250.00');
    expect(entriesOf(wallet, topUp.id)).toEqual(['CREDIT 250.00']);
    expect((await probe.system('FUNDING', 'EUR')) - funding).toBe(-25_000n);
    await expectBalancedLedger(probe);
  });

  it("a transfer to another customer's wallet debits one and credits the other", async () => {
    const ada = await newPayer(graph);
    const bob = await newPayer(graph);
    await fund(graph, ada, '100.00');
    const { transfer } = await ok(
      pay(graph, ada.token, 'transfer', {
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
      walletOf(graph, ada.token, ada.wallets.EUR),
      walletOf(graph, bob.token, bob.wallets.EUR),
    ]);
    expect(adaWallet.balance.amount).toBe('59.75');
    expect(adaWallet.availableBalance.amount).toBe('59.75');
    expect(bobWallet.balance.amount).toBe('40.25');
    expect(entriesOf(adaWallet, transfer.id)).toEqual(['DEBIT 40.25']);
    expect(entriesOf(bobWallet, transfer.id)).toEqual(['CREDIT 40.25']);

    // Both ends can read it; a stranger cannot.
    const query = `query ($id: ID!) { payment(id: $id) { id status } }`;
    expect((await graph.gql(query, { id: transfer.id }, bob.token)).data).toEqual({
      payment: { id: transfer.id, status: 'COMPLETED' },
    });
    const stranger = await newPayer(graph);
    expect(errorCodes(await graph.gql(query, { id: transfer.id }, stranger.token))).toEqual(['NOT_FOUND']);

    // Both wallets list it, newest first.
    const list = await ok(
      graph.gql<{ wallet: { payments: { edges: { node: { id: string } }[] } } }>(
        `query ($id: ID!) { wallet(id: $id) { payments(first: 10) { edges { node { id } } pageInfo { hasNextPage } } } }`,
        { id: ada.wallets.EUR },
        ada.token,
      ),
    );
    expect(list.wallet.payments.edges.map((edge) => edge.node.id)[0]).toBe(transfer.id);
    await expectBalancedLedger(probe);
  });

  it('FX: 100.00 EUR into a CNY wallet credits 781.23 CNY (7.8123, half-even) and the system accounts balance', async () => {
    const ada = await newPayer(graph);
    const bob = await newPayer(graph, ['CNY']);
    await fund(graph, ada, '200.00');
    const fxBefore = { eur: await probe.system('FX', 'EUR'), cny: await probe.system('FX', 'CNY') };
    const { transfer } = await ok(
      pay(graph, ada.token, 'transfer', {
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
      pay(graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.CNY,
        amount: { amount: '50.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    // 50.00 x 7.8123 = 390.615: the tie goes to the even cent.
    expect(tie.creditedAmount).toEqual({ amount: '390.62', currency: 'CNY' });
    const bobWallet = await walletOf(graph, bob.token, bob.wallets.CNY);
    expect(bobWallet.balance).toEqual({ amount: '1171.85', currency: 'CNY' });
    expect((await probe.system('FX', 'EUR')) - fxBefore.eur).toBe(15_000n);
    expect((await probe.system('FX', 'CNY')) - fxBefore.cny).toBe(-117_185n);
    await expectBalancedLedger(probe);
  });

  it('a withdrawal to a bank account goes out through SETTLEMENT; a card is BAD_USER_INPUT', async () => {
    const ada = await newPayer(graph);
    const bank = await linkBank(graph, ada);
    await fund(graph, ada, '80.00');
    const settlement = await probe.system('SETTLEMENT', 'EUR');
    const { withdraw } = await ok(
      pay(graph, ada.token, 'withdraw', {
        walletId: ada.wallets.EUR,
        fundingSourceId: bank,
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(withdraw).toMatchObject({ kind: 'WITHDRAWAL', status: 'COMPLETED', fundingSource: { id: bank } });
    const wallet = await walletOf(graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('50.00');
    expect(entriesOf(wallet, withdraw.id)).toEqual(['DEBIT 30.00']);
    expect((await probe.system('SETTLEMENT', 'EUR')) - settlement).toBe(3_000n);

    const toCard = await pay(graph, ada.token, 'withdraw', {
      walletId: ada.wallets.EUR,
      fundingSourceId: ada.cardId,
      amount: { amount: '5.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    });
    expect(toCard.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.fundingSourceId',
    });
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('50.00');
    await expectBalancedLedger(probe);
  });

  it('a merchant payment is settled with its merchant and category', async () => {
    const ada = await newPayer(graph);
    await fund(graph, ada, '20.00');
    const { payMerchant } = await ok(
      pay(graph, ada.token, 'payMerchant', {
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
    const wallet = await walletOf(graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('15.50');
    expect(entriesOf(wallet, payMerchant.id)).toEqual(['DEBIT 4.50']);
    const filtered = await ok(
      graph.gql<{ wallet: { payments: { edges: { node: { id: string } }[] } } }>(
        `query ($id: ID!) { wallet(id: $id) { payments(filter: { kind: MERCHANT, category: DINING }) { edges { node { id } } } } }`,
        { id: ada.wallets.EUR },
        ada.token,
      ),
    );
    expect(filtered.wallet.payments.edges.map((edge) => edge.node.id)).toEqual([payMerchant.id]);
  });

  it('a top-up the card network declines is DECLINED with its code and credits nothing', async () => {
    const ada = await newPayer(graph, ['EUR'], '0002');
    const { topUp } = await ok(
      pay(graph, ada.token, 'topUp', {
        walletId: ada.wallets.EUR,
        fundingSourceId: ada.cardId,
        amount: { amount: '10.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(topUp).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_DECLINED' });
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('0.00');
  });

  describe('bad input: each with its code, no payment and no balance change', () => {
    let ada: Payer;
    let bob: Payer;
    beforeAll(async () => {
      ada = await newPayer(graph);
      bob = await newPayer(graph);
      await fund(graph, ada, '10.00');
    });

    const attempt = (input: Record<string, unknown>) =>
      pay(graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '1.00', currency: 'EUR' },
        idempotencyKey: newKey(),
        ...input,
      });

    it.each([
      ['zero', { amount: { amount: '0.00', currency: 'EUR' } }, 'BAD_USER_INPUT', 'input.amount'],
      ['negative', { amount: { amount: '-1.00', currency: 'EUR' } }, 'BAD_USER_INPUT', 'input.amount'],
      ['over-precise', { amount: { amount: '1.001', currency: 'EUR' } }, 'BAD_USER_INPUT', 'input.amount'],
      [
        'the wrong currency',
        { amount: { amount: '1.00', currency: 'USD' } },
        'BAD_USER_INPUT',
        'input.amount.currency',
      ],
      [
        'an unknown source wallet',
        { fromWalletId: '01900000-0000-7000-8000-000000000000' },
        'NOT_FOUND',
        undefined,
      ],
      [
        'an unknown destination wallet',
        { toWalletId: '01900000-0000-7000-8000-000000000000' },
        'NOT_FOUND',
        undefined,
      ],
      ['the same wallet twice', { toWalletId: undefined }, 'BAD_USER_INPUT', 'input.toWalletId'],
    ])('%s', async (_name, input, code, field) => {
      const patch = { ...input } as Record<string, unknown>;
      if ('toWalletId' in patch && patch.toWalletId === undefined) patch.toWalletId = ada.wallets.EUR;
      const response = await attempt(patch);
      expect(response.errors?.[0].extensions?.code).toBe(code);
      if (field) expect(response.errors?.[0].extensions?.field).toBe(field);
      expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('10.00');
      expect((await walletOf(graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
    });

    it("someone else's wallet as the source is NOT_FOUND", async () => {
      const response = await pay(graph, ada.token, 'transfer', {
        fromWalletId: bob.wallets.EUR,
        toWalletId: ada.wallets.EUR,
        amount: { amount: '1.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      });
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    });

    it('a key reused with other parameters is a CONFLICT', async () => {
      const idempotencyKey = newKey();
      expect((await ok(attempt({ idempotencyKey }))).transfer.status).toBe('COMPLETED');
      const reused = await attempt({ idempotencyKey, amount: { amount: '2.00', currency: 'EUR' } });
      expect(errorCodes(reused)).toEqual(['CONFLICT']);
      expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('9.00');
    });

    it('lists no payment for any of the refused requests', async () => {
      const list = await ok(
        graph.gql<{ wallet: { payments: { edges: { node: { kind: string } }[] } } }>(
          `query ($id: ID!) { wallet(id: $id) { payments { edges { node { kind } } } } }`,
          { id: ada.wallets.EUR },
          ada.token,
        ),
      );
      expect(list.wallet.payments.edges.map((edge) => edge.node.kind)).toEqual(['TRANSFER', 'TOP_UP']);
    });
  });

  it("a frozen account's payment is declined with ACCOUNT_FROZEN", async () => {
    const ada = await newPayer(graph);
    const bob = await newPayer(graph);
    await fund(graph, ada, '10.00');
    const analyst = await graph.graph.tokens.signAccount(bob.accountId, ['ANALYST']);
    await ok(
      graph.gql(
        `mutation { freezeAccount(accountId: "${ada.accountId}", reason: "test") { status } }`,
        {},
        analyst,
      ),
    );
    const { transfer } = await ok(
      pay(graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '5.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer).toMatchObject({ status: 'DECLINED', declineReason: 'ACCOUNT_FROZEN' });
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('10.00');
    expect((await walletOf(graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
  });

  it('a challenged payment waits for a TOTP code and completes with it', async () => {
    const ada = await newPayer(graph);
    const bob = await newPayer(graph);
    await fund(graph, ada, '10.00');
    const { enableMfa } = await ok(
      graph.gql<{ enableMfa: { secret: string } }>('mutation { enableMfa { secret } }', {}, ada.token),
    );
    await ok(
      graph.gql(
        'mutation ($code: String!) { confirmMfa(code: $code) { mfaEnabled } }',
        { code: authenticator.generate(enableMfa.secret) },
        ada.token,
      ),
    );
    const restore = graph.graph.bus.intercept(RiskCommands.assess, async () => ({
      decision: 'CHALLENGE' as const,
      score: 60,
      reasons: [],
    }));
    const { transfer } = await ok(
      pay(graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '6.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    restore();
    expect(transfer.status).toBe('REQUIRES_VERIFICATION');
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('4.00');
    const wrong = await pay(graph, ada.token, 'verifyPayment', { paymentId: transfer.id, code: '000000' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    const { verifyPayment } = await ok(
      pay(graph, ada.token, 'verifyPayment', { paymentId: transfer.id, code: nextTotp(enableMfa.secret) }),
    );
    expect(verifyPayment).toMatchObject({ id: transfer.id, status: 'COMPLETED' });
    expect((await walletOf(graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('6.00');
    await expectBalancedLedger(probe);
  });
});
