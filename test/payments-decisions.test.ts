import {
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  nextTotp,
  ok,
  pay,
  publishedBy,
  walletOf,
  usePaymentsGraph,
} from './support/payments';
import { PaymentEvents } from '../subgraphs/payments/contract';
import { authenticator } from 'otplib';
import { RiskCommands } from '../subgraphs/risk/contract';
import { signInAgain } from './support/users';

describe('payment decisions, through the gateway', () => {
  const g = usePaymentsGraph();

  it("a frozen account's payment is declined with ACCOUNT_FROZEN", async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '10.00');
    const analyst = await g.graph.graph.tokens.signAccount(bob.accountId, ['ANALYST']);
    await ok(
      g.graph.gql(
        `mutation { freezeAccount(accountId: "${ada.accountId}", reason: "test") { status } }`,
        {},
        analyst,
      ),
    );
    // The freeze revoked Ada's tokens; a frozen account may still sign in.
    const frozen = await signInAgain(g.graph, ada);
    const { transfer } = await ok(
      pay(g.graph, frozen, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '5.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(transfer).toMatchObject({ status: 'DECLINED', declineReason: 'ACCOUNT_FROZEN' });
    expect(await publishedBy(g.graph, transfer.id, 'declined')).toEqual([
      'payment.created',
      'payment.declined',
    ]);
    expect((await walletOf(g.graph, frozen, ada.wallets.EUR)).balance.amount).toBe('10.00');
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
  });

  it('a challenged payment waits for a TOTP code and completes with it', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await fund(g.graph, ada, '10.00');
    const { enableMfa } = await ok(
      g.graph.gql<{ enableMfa: { secret: string } }>('mutation { enableMfa { secret } }', {}, ada.token),
    );
    await ok(
      g.graph.gql(
        'mutation ($code: String!) { confirmMfa(code: $code) { mfaEnabled } }',
        { code: authenticator.generate(enableMfa.secret) },
        ada.token,
      ),
    );
    const restore = g.graph.graph.bus.intercept(RiskCommands.assess, async () => ({
      decision: 'CHALLENGE' as const,
      score: 60,
      reasons: [],
    }));
    const { transfer } = await ok(
      pay(g.graph, ada.token, 'transfer', {
        fromWalletId: ada.wallets.EUR,
        toWalletId: bob.wallets.EUR,
        amount: { amount: '6.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    restore();
    expect(transfer.status).toBe('REQUIRES_VERIFICATION');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('4.00');
    const wrong = await pay(g.graph, ada.token, 'verifyPayment', { paymentId: transfer.id, code: '000000' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    const { verifyPayment } = await ok(
      pay(g.graph, ada.token, 'verifyPayment', { paymentId: transfer.id, code: nextTotp(enableMfa.secret) }),
    );
    expect(verifyPayment).toMatchObject({ id: transfer.id, status: 'COMPLETED' });
    // Waiting for the code, back to PENDING once verified, then the money moves.
    expect(await publishedBy(g.graph, transfer.id)).toEqual([
      'payment.created',
      'payment.status_changed',
      'payment.status_changed',
      'payment.completed',
    ]);
    const statuses = g.graph.events
      .all(PaymentEvents.statusChanged, (data) => data.paymentId === transfer.id)
      .map((event) => event.data.status);
    expect(statuses).toEqual(['REQUIRES_VERIFICATION', 'PENDING']);
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('6.00');
    await expectBalancedLedger(g.probe);
  });
});
