import { RiskCommands } from '../subgraphs/risk/contract';
import { WalletCommands } from '../subgraphs/wallets/contract';
import {
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  ok,
  pay,
  paymentsService,
  walletOf,
  usePaymentsGraph,
} from './support/payments';

const LATER = () => new Date(Date.now() + 5 * 60_000);

describe('payment recovery, through the gateway', () => {
  const g = usePaymentsGraph();

  const read = async (token: string, id: string) =>
    (
      await ok(
        g.graph.gql<{ payment: { status: string; declineReason: string | null } }>(
          'query ($id: ID!) { payment(id: $id) { status declineReason } }',
          { id },
          token,
        ),
      )
    ).payment;

  it('an approved payment whose post failed is left PENDING with its hold, and the recovery pass completes it', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '40.00');
    g.graph.graph.bus.fail(WalletCommands.postHold, { times: 1 });
    const { payMerchant } = await ok(
      pay(g.graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Corner Shop',
        category: 'GROCERIES',
        amount: { amount: '15.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(payMerchant.status).toBe('PENDING');
    const held = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(held).toMatchObject({ balance: { amount: '40.00' }, availableBalance: { amount: '25.00' } });

    const report = await paymentsService(g.graph).recover({ now: LATER() });
    expect(report.completed).toBeGreaterThanOrEqual(1);
    expect(await read(ada.token, payMerchant.id)).toEqual({ status: 'COMPLETED', declineReason: null });
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '25.00' },
      availableBalance: { amount: '25.00' },
    });
    await expectBalancedLedger(g.probe);
  });

  it('an approved transfer whose move and its undo both failed is left PENDING, and the recovery pass moves it', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '40.00');
    g.graph.graph.bus.fail(WalletCommands.transfer, { times: 1 });
    const restoreVoid = g.graph.graph.bus.fail(WalletCommands.voidHold, { times: 3 });
    const { transfer } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '15.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    restoreVoid();
    expect(transfer.status).toBe('PENDING');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('40.00');

    const report = await paymentsService(g.graph).recover({ now: LATER() });
    expect(report.completed).toBeGreaterThanOrEqual(1);
    expect(await read(ada.token, transfer.id)).toEqual({ status: 'COMPLETED', declineReason: null });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('25.00');
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('15.00');
    await expectBalancedLedger(g.probe);
  });

  it('a payment whose request died before the decision is declined by the recovery pass and its hold released', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '40.00');
    // Risk answers with something its contract refuses (an outage would meet the fail-safe
    // instead): the request gives up with the hold placed and no decision taken, and the hold's
    // release fails too, as if the process had died there.
    g.graph.graph.bus.intercept(RiskCommands.assess, async () => ({ decision: 'UNDECIDED' }) as never, {
      times: 1,
    });
    const restoreVoid = g.graph.graph.bus.fail(WalletCommands.voidHold, { times: 3 });
    const { payMerchant } = await ok(
      pay(g.graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Night Train',
        category: 'TRAVEL',
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    restoreVoid();
    expect(payMerchant.status).toBe('PENDING');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('10.00');

    await paymentsService(g.graph).recover({ now: LATER() });
    expect(await read(ada.token, payMerchant.id)).toEqual({
      status: 'DECLINED',
      declineReason: 'PROCESSING_TIMEOUT',
    });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet).toMatchObject({ balance: { amount: '40.00' }, availableBalance: { amount: '40.00' } });
    await expectBalancedLedger(g.probe);
  });
});
