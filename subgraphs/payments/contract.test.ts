import type { Viewer } from '../../platform/auth';
import { describeOnEveryBus } from '../../test/support/buses';
import { PaymentEvents } from './contract';
import { RiskCommands, type RiskDecision } from '../risk/contract';
import { money, startPaymentsDomain, type PaymentsDomain } from './testing/harness';

const customer = (accountId: string): Viewer => ({ kind: 'account', accountId, roles: ['CUSTOMER'] });

describeOnEveryBus('the payments contract', (buses) => {
  let domain: PaymentsDomain;
  let decision: RiskDecision = 'APPROVE';

  beforeAll(async () => {
    domain = await startPaymentsDomain({ risk: false, bus: await buses.connect('payments') });
    domain.bus.handle(RiskCommands.assess, async () => ({ decision, score: 50, reasons: [] }));
  });

  afterAll(() => domain?.close());

  async function pay(amount: string) {
    const payer = domain.bank.addAccount();
    const walletId = domain.bank.addWallet(payer, 'EUR', 10_000n);
    return domain.service.payMerchant(customer(payer), {
      walletId,
      merchantName: 'Contract Café',
      category: 'DINING',
      amount: money(amount),
      idempotencyKey: `contract-${amount}-${decision}`,
    });
  }

  it('publishes every payment event with data its consumers parse: created, status changed, completed, declined', async () => {
    const completed = await pay('10.00');
    decision = 'REVIEW';
    const held = await pay('11.00');
    const declined = await pay('500.00');
    expect([completed.status, held.status, declined.status]).toEqual([
      'COMPLETED',
      'HELD_FOR_REVIEW',
      'DECLINED',
    ]);
    await domain.publishEvents();
    const { events } = domain;
    const seen = async (contract: (typeof PaymentEvents)[keyof typeof PaymentEvents], paymentId: string) =>
      (await events.waitFor(contract, (data) => data.paymentId === paymentId)).data;
    expect(await seen(PaymentEvents.created, completed.id)).toMatchObject({
      status: 'PENDING',
      amountMinor: 1_000n,
    });
    expect(await seen(PaymentEvents.completed, completed.id)).toMatchObject({
      status: 'COMPLETED',
      category: 'DINING',
    });
    expect(await seen(PaymentEvents.statusChanged, held.id)).toMatchObject({ status: 'HELD_FOR_REVIEW' });
    expect(await seen(PaymentEvents.declined, declined.id)).toMatchObject({
      status: 'DECLINED',
      declineReason: 'INSUFFICIENT_FUNDS',
    });
  });
});
