import { WalletCommands } from '../subgraphs/wallets/contract';
import { stall } from './support/faults';
import {
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  ok,
  pay,
  paymentsService,
  publishedBy,
  usePaymentsGraph,
  walletOf,
} from './support/payments';

const SECONDS = 1_000;
const later = (ms: number) => new Date(Date.now() + ms);

/** One runner per payment: the recovery pass takes a payment only when its runner's claim has expired. */
describe('payment claims, through the gateway', () => {
  const g = usePaymentsGraph();

  it('a recovery pass while the transfer is still on its way to the ledger leaves the payment to its live runner', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const moving = stall(g.graph.graph.bus, WalletCommands.transfer);
    const request = pay(g.graph, ada.token, 'transfer', {
      fromWalletId: ada.wallets.EUR,
      toWalletId: bob.wallets.EUR,
      amount: { amount: '20.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    });
    await moving.arrived;
    // 31 s later the payment is still PENDING and nothing has moved, but its runner's claim holds for a minute.
    const report = await paymentsService(g.graph).recover({ now: later(31 * SECONDS) });
    expect(report).toMatchObject({ examined: 0, declined: 0 });
    moving.release();
    const { transfer } = await ok(request);
    expect(transfer).toMatchObject({ status: 'COMPLETED', declineReason: null });
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '80.00' },
      availableBalance: { amount: '80.00' },
    });
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('20.00');
    expect(await publishedBy(g.graph, transfer.id)).toEqual(['payment.created', 'payment.completed']);
    await expectBalancedLedger(g.probe);
  });

  it('once a runner has lost its claim, the runner that took over decides, and the transfer that arrives late moves nothing', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const moving = stall(g.graph.graph.bus, WalletCommands.transfer);
    const request = pay(g.graph, ada.token, 'transfer', {
      fromWalletId: ada.wallets.EUR,
      toWalletId: bob.wallets.EUR,
      amount: { amount: '20.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    });
    await moving.arrived;
    // Past the claim's minute the recovery pass takes the payment, voids its id and declines it.
    const report = await paymentsService(g.graph).recover({ now: later(61 * SECONDS) });
    expect(report).toMatchObject({ examined: 1, declined: 1 });
    moving.release();
    await expect(moving.answered).resolves.toMatchObject({ outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    const { transfer } = await ok(request);
    expect(transfer).toMatchObject({ status: 'DECLINED', declineReason: 'PROCESSING_TIMEOUT' });
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '100.00' },
      availableBalance: { amount: '100.00' },
    });
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
    expect(await publishedBy(g.graph, transfer.id, 'declined')).toEqual([
      'payment.created',
      'payment.declined',
    ]);
    await expectBalancedLedger(g.probe);
  });
});
