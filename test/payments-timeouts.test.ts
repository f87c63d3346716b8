import { PaymentEvents } from '../subgraphs/payments/contract';
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

const HOUR = 3_600_000;

/** A timeout is an unknown outcome, never a failure: what the command may have done is undone. */
describe('a command that times out, through the gateway', () => {
  const g = usePaymentsGraph({ BUS_COMMAND_TIMEOUT_MS: '300' });

  it('a placeHold that does not answer in time is undone: its hold id is voided and the late hold reserves nothing', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const placing = stall(g.graph.graph.bus, WalletCommands.placeHold);
    const { payMerchant } = await ok(
      pay(g.graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Night Train',
        category: 'TRAVEL',
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(payMerchant).toMatchObject({ status: 'DECLINED', declineReason: 'PROCESSING_TIMEOUT' });
    // Only now does the hold reach the ledger, long after its caller gave up.
    await placing.arrived;
    placing.release();
    await expect(placing.answered).resolves.toMatchObject({ outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '100.00' },
      availableBalance: { amount: '100.00' },
    });
    const report = await paymentsService(g.graph).recover({ now: new Date(Date.now() + HOUR) });
    expect(report.examined).toBe(0);
    expect(await publishedBy(g.graph, payMerchant.id, 'declined')).toEqual([
      'payment.created',
      'payment.declined',
    ]);
    await expectBalancedLedger(g.probe);
  });

  it("a transfer's one-step move that does not answer in time is undone: its id is voided and the late move moves nothing", async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const moving = stall(g.graph.graph.bus, WalletCommands.transfer);
    const { transfer } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '30.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer).toMatchObject({ status: 'DECLINED', declineReason: 'PROCESSING_TIMEOUT' });
    await moving.arrived;
    moving.release();
    await expect(moving.answered).resolves.toMatchObject({ outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('100.00');
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
    const report = await paymentsService(g.graph).recover({ now: new Date(Date.now() + HOUR) });
    expect(report.examined).toBe(0);
    expect(await publishedBy(g.graph, transfer.id, 'declined')).toEqual([
      'payment.created',
      'payment.declined',
    ]);
    await expectBalancedLedger(g.probe);
  });
});

/** Every money-moving mutation answers within its budget, with the payment as it stands. */
describe('a payment slower than its answer budget, through the gateway', () => {
  const g = usePaymentsGraph({ PAYMENTS_ANSWER_WITHIN_MS: '200' });

  it('answers PENDING without an error, and the payment completes in the background', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '100.00');
    const moving = stall(g.graph.graph.bus, WalletCommands.transfer);
    const response = await pay(g.graph, ada.token, 'transfer', {
      fromWalletId: ada.wallets.EUR,
      toWalletId: bob.wallets.EUR,
      amount: { amount: '45.00', currency: 'EUR' },
      idempotencyKey: newKey(),
    });
    expect(response.errors).toBeUndefined();
    const transfer = response.data!.transfer;
    expect(transfer.status).toBe('PENDING');
    await moving.arrived;
    moving.release();
    await g.graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === transfer.id);
    const { payment } = await ok(
      g.graph.gql<{ payment: { status: string } }>(
        'query ($id: ID!) { payment(id: $id) { status } }',
        { id: transfer.id },
        ada.token,
      ),
    );
    expect(payment.status).toBe('COMPLETED');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('55.00');
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('45.00');
    await expectBalancedLedger(g.probe);
  });
});
