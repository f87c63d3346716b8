import { RiskCommands } from '../subgraphs/risk/contract';
import { WalletCommands } from '../subgraphs/wallets/contract';
import { startTestGraph, type TestGraph } from './support/graph';
import {
  LedgerProbe,
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  ok,
  pay,
  paymentsService,
  walletOf,
} from './support/payments';

const LATER = () => new Date(Date.now() + 5 * 60_000);

describe('payment recovery, through the gateway', () => {
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

  const read = async (token: string, id: string) =>
    (
      await ok(
        graph.gql<{ payment: { status: string; declineReason: string | null } }>(
          'query ($id: ID!) { payment(id: $id) { status declineReason } }',
          { id },
          token,
        ),
      )
    ).payment;

  it('an approved payment whose post failed is left PENDING with its hold, and the recovery pass completes it', async () => {
    const ada = await newPayer(graph);
    const bob = await newPayer(graph);
    await fund(graph, ada, '40.00');
    graph.graph.bus.fail(WalletCommands.postHold, { times: 1 });
    const { transfer } = await ok(
      pay(graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '15.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer.status).toBe('PENDING');
    const held = await walletOf(graph, ada.token, ada.wallets.EUR);
    expect(held).toMatchObject({ balance: { amount: '40.00' }, availableBalance: { amount: '25.00' } });

    const report = await paymentsService(graph).recover({ now: LATER() });
    expect(report.completed).toBeGreaterThanOrEqual(1);
    expect(await read(ada.token, transfer.id)).toEqual({ status: 'COMPLETED', declineReason: null });
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('25.00');
    expect((await walletOf(graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('15.00');
    await expectBalancedLedger(probe);
  });

  it('a payment whose request died before the decision is declined by the recovery pass and its hold released', async () => {
    const ada = await newPayer(graph);
    await fund(graph, ada, '40.00');
    // Risk never answers: the request gives up with the hold placed and no decision taken,
    // and the hold's release fails too, as if the process had died there.
    graph.graph.bus.fail(RiskCommands.assess, { times: 1 });
    const restoreVoid = graph.graph.bus.fail(WalletCommands.voidHold, { times: 3 });
    const { payMerchant } = await ok(
      pay(graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Night Train',
        category: 'TRAVEL',
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    restoreVoid();
    expect(payMerchant.status).toBe('PENDING');
    expect((await walletOf(graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('10.00');

    await paymentsService(graph).recover({ now: LATER() });
    expect(await read(ada.token, payMerchant.id)).toEqual({
      status: 'DECLINED',
      declineReason: 'PROCESSING_TIMEOUT',
    });
    const wallet = await walletOf(graph, ada.token, ada.wallets.EUR);
    expect(wallet).toMatchObject({ balance: { amount: '40.00' }, availableBalance: { amount: '40.00' } });
    await expectBalancedLedger(probe);
  });
});
