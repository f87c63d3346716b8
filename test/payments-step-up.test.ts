import { AccountCommands } from '../subgraphs/accounts/contract';
import {
  challengedTransfer,
  expectBalancedLedger,
  pay,
  usePaymentsGraph,
  walletOf,
} from './support/payments';

/** A step-up code cannot be guessed: every attempt is counted before its code is checked. */
describe('verifying a payment, through the gateway', () => {
  const g = usePaymentsGraph();

  it('50 wrong codes at once: three are checked, the payment is DECLINED with VERIFICATION_FAILED and its hold released', async () => {
    const { ada, transfer } = await challengedTransfer(g.graph);
    expect(transfer.status).toBe('REQUIRES_VERIFICATION');
    const checked: string[] = [];
    const undo = g.graph.graph.bus.intercept(AccountCommands.verifyTotp, async (payload, next) => {
      checked.push(payload.code);
      return next(payload);
    });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        pay(g.graph, ada.token, 'verifyPayment', { paymentId: transfer.id, code: '000000' }),
      ),
    );
    undo();
    expect(checked).toHaveLength(3);
    const declined = answers.filter((answer) => answer.data?.verifyPayment?.status === 'DECLINED');
    expect(declined).toHaveLength(1);
    expect(declined[0].data!.verifyPayment.declineReason).toBe('VERIFICATION_FAILED');
    const refused = answers.flatMap((answer) => answer.errors ?? []);
    expect(refused).toHaveLength(49);
    for (const error of refused) expect(error.extensions?.code).toMatch(/^(BAD_USER_INPUT|CONFLICT)$/);
    expect(refused.filter((error) => /attempts? left/.test(error.message))).toHaveLength(2);
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '50.00' },
      availableBalance: { amount: '50.00' },
    });
    await expectBalancedLedger(g.probe);
  });
});
