import { errorCodes } from './support/graph';
import { fund, newKey, newPayer, ok, pay, usePaymentsGraph, walletOf, type Payer } from './support/payments';

describe('payments refused for bad input, through the gateway', () => {
  const g = usePaymentsGraph();

  describe('bad input: each with its code, no payment and no balance change', () => {
    let ada: Payer;
    let bob: Payer;
    beforeAll(async () => {
      ada = await newPayer(g.graph);
      bob = await newPayer(g.graph);
      await fund(g.graph, ada, '10.00');
    });

    const attempt = (input: Record<string, unknown>) =>
      pay(g.graph, ada.token, 'transfer', {
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
      expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('10.00');
      expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
    });

    it("someone else's wallet as the source is NOT_FOUND", async () => {
      const response = await pay(g.graph, ada.token, 'transfer', {
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
      expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('9.00');
    });

    it('lists no payment for any of the refused requests', async () => {
      const list = await ok(
        g.graph.gql<{ wallet: { payments: { edges: { node: { kind: string } }[] } } }>(
          `query ($id: ID!) { wallet(id: $id) { payments { edges { node { kind } } } } }`,
          { id: ada.wallets.EUR },
          ada.token,
        ),
      );
      expect(list.wallet.payments.edges.map((edge) => edge.node.kind)).toEqual(['TRANSFER', 'TOP_UP']);
    });
  });
});
