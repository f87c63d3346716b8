import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/auth';
import type { Bus } from '../../platform/bus';
import { describeOnEveryBus } from '../../test/support/buses';
import { itHonoursItsContract } from '../../test/support/contract-tests';
import { publishEvent } from '../../test/support/events';
import { PaymentCommands, PaymentEvents, SOURCE as PAYMENTS } from '../payments/contract';
import { RiskCommands, RiskEvents } from './contract';
import { startRiskDomain, type RiskDomain } from './testing/harness';

const analyst: Viewer = { kind: 'account', accountId: randomUUID(), roles: ['ANALYST'] };

function request(overrides: Record<string, unknown> = {}) {
  return {
    paymentId: randomUUID(),
    accountId: randomUUID(),
    kind: 'TRANSFER',
    amountMinor: '2500',
    currency: 'EUR',
    sourceWalletId: randomUUID(),
    destinationWalletId: randomUUID(),
    destinationAccountId: randomUUID(),
    category: null,
    mfaEnabled: true,
    ...overrides,
  };
}

describeOnEveryBus('the risk contract', (buses) => {
  let risk: RiskDomain;
  let caller: Bus;

  beforeAll(async () => {
    risk = await startRiskDomain({ bus: await buses.connect('risk') });
    caller = await buses.connect('payments');
    // Payments' side of an analyst's verdict, answered as payments would for a held payment.
    caller.handle(PaymentCommands.resolveReview, async ({ paymentId, resolution }) => ({
      paymentId,
      status: resolution === 'RELEASE' ? ('COMPLETED' as const) : ('DECLINED' as const),
      declineReason: resolution === 'RELEASE' ? null : ('RISK_DECLINED' as const),
    }));
  });

  afterAll(() => risk?.close());

  itHonoursItsContract(() => caller, RiskCommands, {
    assess: { valid: async () => request(), malformed: { paymentId: randomUUID(), amountMinor: 25 } },
  });

  it('answers the first assessment of a payment again, whatever a retry says', async () => {
    const first = request({ amountMinor: '2500' });
    const reply = await caller.request(RiskCommands.assess, first);
    expect(reply).toMatchObject({ decision: 'APPROVE', score: 0, ruleSetVersion: '2026-12-01.1' });
    const retry = await caller.request(RiskCommands.assess, { ...first, amountMinor: '950000' });
    expect(retry).toEqual(reply);
  });

  it('a payment assessed several times at once, among other payments, is assessed once and the others are kept', async () => {
    const twice = request({ amountMinor: '2500' });
    const others = Array.from({ length: 4 }, () => request());
    const replies = await Promise.all([
      caller.request(RiskCommands.assess, twice),
      ...others.map((other) => caller.request(RiskCommands.assess, other)),
      caller.request(RiskCommands.assess, { ...twice, amountMinor: '950000' }),
      caller.request(RiskCommands.assess, { ...twice, amountMinor: '950000' }),
    ]);
    const [first, ...rest] = replies;
    expect(rest.slice(-2)).toEqual([first, first]);
    const stored = await risk.store.read((sql) =>
      sql.all<{ payment_id: string }>(
        'select payment_id from risk_assessments where payment_id in (?, ?, ?, ?, ?)',
        [twice.paymentId, ...others.map((other) => other.paymentId)],
      ),
    );
    expect(stored.map((row) => row.payment_id).sort()).toEqual(
      [twice.paymentId, ...others.map((other) => other.paymentId)].sort(),
    );
  });

  it('publishes alert events with self-contained data its consumers parse: raised and resolved', async () => {
    const paymentId = randomUUID();
    const accountId = randomUUID();
    await publishEvent(caller, PAYMENTS, PaymentEvents.declined, {
      paymentId,
      kind: 'TRANSFER',
      status: 'DECLINED',
      amountMinor: '100000',
      currency: 'EUR',
      creditedAmountMinor: null,
      creditedCurrency: null,
      sourceWalletId: randomUUID(),
      destinationWalletId: randomUUID(),
      accountId,
      destinationAccountId: randomUUID(),
      category: null,
      merchantName: null,
      declineReason: 'VERIFICATION_FAILED',
      relatedPaymentId: null,
      occurredAt: new Date().toISOString(),
    });
    // Risk raises the alert as it consumes the event, and relays it once that commits.
    const raised = await risk.events.waitFor(RiskEvents.alertRaised, (d) => d.paymentId === paymentId);
    expect(raised.data).toMatchObject({
      accountId,
      paymentId,
      severity: 'MEDIUM',
      status: 'OPEN',
      reasonCodes: ['VERIFICATION_FAILED'],
    });
    const alertId = raised.data.alertId;
    await risk.alerts.resolve(analyst, { alertId, resolution: 'FALSE_POSITIVE', note: 'Customer mistyped' });
    const resolved = await risk.events.waitFor(RiskEvents.alertResolved, (d) => d.alertId === alertId);
    expect(resolved.data).toMatchObject({
      alertId,
      accountId,
      paymentId,
      status: 'FALSE_POSITIVE',
      resolution: 'FALSE_POSITIVE',
      resolvedBy: (analyst as { accountId: string }).accountId,
      note: 'Customer mistyped',
    });
    expect(Date.parse(resolved.data.resolvedAt)).not.toBeNaN();
  });
});
