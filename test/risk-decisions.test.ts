import { AccountEvents } from '../subgraphs/accounts/contract';
import { PaymentEvents } from '../subgraphs/payments/contract';
import { RiskCommands, RiskEvents } from '../subgraphs/risk/contract';
import { errorCodes } from './support/graph';
import { stall } from './support/faults';
import {
  enableMfa,
  expectBalancedLedger,
  newPayer,
  nextTotp,
  ok,
  pay,
  usePaymentsGraph,
  walletOf,
  type Payer,
} from './support/payments';
import {
  alertFor,
  analystToken,
  assessed,
  codesOf,
  contributions,
  learned,
  learnedTopUp,
  payMerchant,
  resolveAlert,
  transfer,
} from './support/risk';
import { signInAgain } from './support/users';

/**
 * Every decision path of a payment, through the gateway, with the checked-in rules
 * (config/risk.yaml): the outcome, the explanation, the alert, and balances that match it.
 */
describe('risk decisions, through the gateway', () => {
  const g = usePaymentsGraph();
  const VERSION = '2026-12-01.1';

  const balances = async (payer: Payer) => {
    const wallet = await walletOf(g.graph, payer.token, payer.wallets.EUR);
    return { balance: wallet.balance.amount, available: wallet.availableBalance.amount };
  };

  /** A payer who topped up 1,000.00 and sends all of it to someone never paid: 55 points, a challenge. */
  async function drainingPayer(mfa: boolean): Promise<{ ada: Payer; bob: Payer; secret?: string }> {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    const secret = mfa ? await enableMfa(g.graph, ada) : undefined;
    await learnedTopUp(g.graph, ada, '1000.00');
    return { ada, bob, secret };
  }

  it("an everyday payment is approved with score 0 and no reasons, under the rule set's version", async () => {
    const ada = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '100.00');
    const payment = await payMerchant(g.graph, ada, 'Corner Grocer', '12.50');
    expect(payment.status).toBe('COMPLETED');
    const { riskAssessment } = await assessed(g.graph, ada.token, payment.id);
    expect(riskAssessment).toMatchObject({
      score: 0,
      decision: 'APPROVE',
      reasons: [],
      ruleSetVersion: VERSION,
    });
    expect(await balances(ada)).toEqual({ balance: '87.50', available: '87.50' });
  });

  it("a challenge waits for the payer's code and completes with the right one", async () => {
    const { ada, bob, secret } = await drainingPayer(true);
    const challenged = await transfer(g.graph, ada, bob, '1000.00');
    expect(challenged.status).toBe('REQUIRES_VERIFICATION');
    const { riskAssessment } = await assessed(g.graph, ada.token, challenged.id);
    expect(riskAssessment).toMatchObject({ score: 55, decision: 'CHALLENGE' });
    expect(codesOf(riskAssessment)).toEqual(['RAPID_DRAIN', 'NEW_PAYEE']);
    expect(contributions(riskAssessment)).toBe(55);
    expect(riskAssessment!.reasons.every((reason) => reason.description.length > 20)).toBe(true);
    expect(await balances(ada)).toEqual({ balance: '1000.00', available: '0.00' });

    const { verifyPayment } = await ok(
      pay(g.graph, ada.token, 'verifyPayment', { paymentId: challenged.id, code: nextTotp(secret!) }),
    );
    expect(verifyPayment.status).toBe('COMPLETED');
    expect(await balances(ada)).toEqual({ balance: '0.00', available: '0.00' });
    expect(await balances(bob)).toEqual({ balance: '1000.00', available: '1000.00' });
  });

  it('a challenge answered with three wrong codes is DECLINED (VERIFICATION_FAILED) and raises an alert', async () => {
    const { ada, bob } = await drainingPayer(true);
    const challenged = await transfer(g.graph, ada, bob, '1000.00');
    expect(challenged.status).toBe('REQUIRES_VERIFICATION');
    for (const attempt of [1, 2]) {
      const wrong = await pay(g.graph, ada.token, 'verifyPayment', {
        paymentId: challenged.id,
        code: '000000',
      });
      expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
      expect(attempt).toBeLessThan(3);
    }
    const { verifyPayment } = await ok(
      pay(g.graph, ada.token, 'verifyPayment', { paymentId: challenged.id, code: '000000' }),
    );
    expect(verifyPayment).toMatchObject({ status: 'DECLINED', declineReason: 'VERIFICATION_FAILED' });
    const alert = await alertFor(g.graph, await analystToken(g.graph), challenged.id);
    expect(alert).toMatchObject({ status: 'OPEN', severity: 'MEDIUM', account: { id: ada.accountId } });
    expect(codesOf(alert as never)).toEqual(['VERIFICATION_FAILED']);
    expect(await balances(ada)).toEqual({ balance: '1000.00', available: '1000.00' });
    expect(await balances(bob)).toEqual({ balance: '0.00', available: '0.00' });
  });

  it("a challenge without MFA is held for review, and an analyst's FALSE_POSITIVE completes it", async () => {
    const { ada, bob } = await drainingPayer(false);
    const held = await transfer(g.graph, ada, bob, '1000.00');
    expect(held.status).toBe('HELD_FOR_REVIEW');
    expect((await assessed(g.graph, ada.token, held.id)).riskAssessment).toMatchObject({
      score: 55,
      decision: 'REVIEW',
    });
    const analyst = await analystToken(g.graph);
    const alert = await alertFor(g.graph, analyst, held.id);
    expect(alert).toMatchObject({ status: 'OPEN', severity: 'MEDIUM', score: 55 });

    const { resolveFraudAlert } = await ok(
      resolveAlert(g.graph, analyst, {
        alertId: alert.id,
        resolution: 'FALSE_POSITIVE',
        note: 'Customer called: paying rent to a flatmate',
      }),
    );
    expect(resolveFraudAlert).toMatchObject({
      status: 'FALSE_POSITIVE',
      resolutionNote: 'Customer called: paying rent to a flatmate',
    });
    expect(resolveFraudAlert.resolvedBy).not.toBeNull();
    expect(resolveFraudAlert.resolvedAt).not.toBeNull();
    const resolved = await g.graph.events.waitFor(RiskEvents.alertResolved, (d) => d.alertId === alert.id);
    expect(resolved.data).toMatchObject({
      resolution: 'FALSE_POSITIVE',
      paymentId: held.id,
      status: 'FALSE_POSITIVE',
    });
    await g.graph.events.waitFor(PaymentEvents.completed, (d) => d.paymentId === held.id);
    expect((await assessed(g.graph, ada.token, held.id)).status).toBe('COMPLETED');
    expect(await balances(ada)).toEqual({ balance: '0.00', available: '0.00' });
    expect(await balances(bob)).toEqual({ balance: '1000.00', available: '1000.00' });
    // Resolved once: a second verdict is a CONFLICT and changes nothing.
    const again = await resolveAlert(g.graph, analyst, {
      alertId: alert.id,
      resolution: 'CONFIRMED_FRAUD',
      note: 'no',
    });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });

  it('a review confirmed as fraud is DECLINED with its hold voided, the account FROZEN, and its next payment ACCOUNT_FROZEN', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    // Bob is a known payee; then 9,200.00 from a new account, most of a fresh top-up: 70 points.
    await learnedTopUp(g.graph, ada, '10.00');
    expect((await transfer(g.graph, ada, bob, '10.00')).status).toBe('COMPLETED');
    await learnedTopUp(g.graph, ada, '9500.00');
    const held = await transfer(g.graph, ada, bob, '9200.00');
    expect(held.status).toBe('HELD_FOR_REVIEW');
    const { riskAssessment } = await assessed(g.graph, ada.token, held.id);
    expect(riskAssessment).toMatchObject({ score: 70, decision: 'REVIEW' });
    expect(codesOf(riskAssessment)).toEqual(['LARGE_AMOUNT', 'RAPID_DRAIN']);
    const analyst = await analystToken(g.graph);
    const alert = await alertFor(g.graph, analyst, held.id);
    expect(alert.severity).toBe('HIGH');
    expect(await balances(ada)).toEqual({ balance: '9500.00', available: '300.00' });

    await ok(
      resolveAlert(g.graph, analyst, {
        alertId: alert.id,
        resolution: 'CONFIRMED_FRAUD',
        note: 'Account taken over: the customer did not make this transfer',
      }),
    );
    await g.graph.events.waitFor(AccountEvents.frozen, (d) => d.accountId === ada.accountId);
    const fresh = await signInAgain(g.graph, ada);
    expect(await assessed(g.graph, fresh, held.id)).toMatchObject({
      status: 'DECLINED',
      declineReason: 'RISK_DECLINED',
    });
    const { account } = await ok(
      g.graph.gql<{ account: { status: string } }>(
        'query ($id: ID!) { account(id: $id) { status } }',
        { id: ada.accountId },
        analyst,
      ),
    );
    expect(account.status).toBe('FROZEN');
    const next = await transfer(g.graph, { ...ada, token: fresh }, bob, '5.00');
    expect(next).toMatchObject({ status: 'DECLINED', declineReason: 'ACCOUNT_FROZEN' });
    const wallet = await walletOf(g.graph, fresh, ada.wallets.EUR);
    expect({ balance: wallet.balance.amount, available: wallet.availableBalance.amount }).toEqual({
      balance: '9500.00',
      available: '9500.00',
    });
    expect(await balances(bob)).toEqual({ balance: '10.00', available: '10.00' });
    await expectBalancedLedger(g.probe);
  });

  it('a critical score is DECLINED at once and freezes the account; its contributions add up to 100', async () => {
    const ada = await newPayer(g.graph);
    const mule = await newPayer(g.graph);
    const analyst = await analystToken(g.graph);
    await ok(
      g.graph.gql(
        'mutation ($input: AddBlockListEntryInput!) { addBlockListEntry(input: $input) { id } }',
        { input: { kind: 'ACCOUNT', value: mule.accountId, reason: 'Known money mule' } },
        analyst,
      ),
    );
    await learnedTopUp(g.graph, ada, '2000.00');
    const declined = await transfer(g.graph, ada, mule, '1000.00');
    expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'RISK_DECLINED' });
    await g.graph.events.waitFor(AccountEvents.frozen, (d) => d.accountId === ada.accountId);
    const fresh = await signInAgain(g.graph, ada);
    const { riskAssessment } = await assessed(g.graph, fresh, declined.id);
    expect(riskAssessment).toMatchObject({ score: 100, decision: 'DECLINE' });
    expect(riskAssessment!.reasons.map((r) => [r.code, r.contribution])).toEqual([
      ['LISTED', 85],
      ['NEW_PAYEE', 15],
    ]);
    expect((await alertFor(g.graph, analyst, declined.id)).severity).toBe('CRITICAL');
    const wallet = await walletOf(g.graph, fresh, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('2000.00');
    expect(wallet.availableBalance.amount).toBe('2000.00');
    expect(await balances(mule)).toEqual({ balance: '0.00', available: '0.00' });
  });

  it('risk down: a small payment is approved and records RISK_UNAVAILABLE; a larger one is held and an analyst releases it', async () => {
    const ada = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '500.00');
    g.graph.graph.bus.fail(RiskCommands.assess, { times: 1 });
    const small = await payMerchant(g.graph, ada, 'Corner Grocer', '20.00');
    expect(small.status).toBe('COMPLETED');
    await learned(g.graph, small.id);
    const { riskAssessment } = await assessed(g.graph, ada.token, small.id);
    expect(riskAssessment).toMatchObject({ decision: 'APPROVE', score: 0, ruleSetVersion: 'fail-safe' });
    expect(codesOf(riskAssessment)).toEqual(['RISK_UNAVAILABLE']);

    g.graph.graph.bus.fail(RiskCommands.assess, { times: 1 });
    const large = await payMerchant(g.graph, ada, 'Electronics Megastore', '200.00', 'SHOPPING');
    expect(large.status).toBe('HELD_FOR_REVIEW');
    const analyst = await analystToken(g.graph);
    const alert = await alertFor(g.graph, analyst, large.id);
    expect(codesOf(alert as never)).toEqual(['RISK_UNAVAILABLE']);
    expect((await assessed(g.graph, ada.token, large.id)).riskAssessment).toMatchObject({
      decision: 'REVIEW',
      ruleSetVersion: 'fail-safe',
    });
    expect(await balances(ada)).toEqual({ balance: '480.00', available: '280.00' });
    await ok(
      resolveAlert(g.graph, analyst, { alertId: alert.id, resolution: 'FALSE_POSITIVE', note: 'Checked' }),
    );
    await g.graph.events.waitFor(PaymentEvents.completed, (d) => d.paymentId === large.id);
    expect(await balances(ada)).toEqual({ balance: '280.00', available: '280.00' });
  });

  it('a risk answer later than the deadline meets the fail-safe, and arriving late changes nothing', async () => {
    const ada = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '100.00');
    const slow = stall(g.graph.graph.bus, RiskCommands.assess);
    const payment = await payMerchant(g.graph, ada, 'Corner Grocer', '30.00');
    expect(payment.status).toBe('COMPLETED');
    await learned(g.graph, payment.id);
    slow.release();
    await slow.answered;
    const { riskAssessment } = await assessed(g.graph, ada.token, payment.id);
    expect(riskAssessment).toMatchObject({ decision: 'APPROVE', ruleSetVersion: 'fail-safe' });
    expect(await balances(ada)).toEqual({ balance: '70.00', available: '70.00' });
  });

  it('a customer cannot read or resolve alerts (FORBIDDEN); an analyst can', async () => {
    const ada = await newPayer(g.graph);
    const list = await g.graph.gql('{ fraudAlerts { edges { node { id } } } }', {}, ada.token);
    expect(errorCodes(list)).toEqual(['FORBIDDEN']);
    const own = await g.graph.gql(
      'query ($id: ID!) { account(id: $id) { fraudAlerts { id } } }',
      { id: ada.accountId },
      ada.token,
    );
    expect(errorCodes(own)).toEqual(['FORBIDDEN']);
    const resolve = await resolveAlert(g.graph, ada.token, {
      alertId: '0190a7d2-0000-7000-8000-000000000000',
      resolution: 'FALSE_POSITIVE',
      note: 'mine',
    });
    expect(errorCodes(resolve)).toEqual(['FORBIDDEN']);
    for (const query of ['{ suspiciousActivityReports { edges { node { id } } } }', '{ blockList { id } }']) {
      expect(errorCodes(await g.graph.gql(query, {}, ada.token))).toEqual(['FORBIDDEN']);
    }
    const analyst = await analystToken(g.graph);
    const { fraudAlerts } = await ok(
      g.graph.gql<{ fraudAlerts: { edges: unknown[] } }>(
        '{ fraudAlerts(first: 5) { edges { node { id } } } }',
        {},
        analyst,
      ),
    );
    expect(Array.isArray(fraudAlerts.edges)).toBe(true);
  });
});
