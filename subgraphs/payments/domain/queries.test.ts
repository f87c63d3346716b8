import type { Viewer } from '../../../platform/auth';
import { AccessPolicy } from './access';
import type { PaymentLookups } from './queries';
import { codeOf, customer, usePaymentsScenario } from '../testing/scenario';

const s = usePaymentsScenario();

/** The access rule of a viewer with no partner consents anywhere. */
const accessOf = (viewer: Viewer) => new AccessPolicy(viewer, async () => []);

/** What a request's loaders would answer, without batching. */
const lookups = (): PaymentLookups => ({
  payment: (paymentId) => s.domain.store.findById(paymentId),
});

describe('reading payments', () => {
  it('lists a wallet newest first with stable cursors, for the owner; NOT_FOUND for anyone else', async () => {
    const made: string[] = [];
    for (const amount of ['1.00', '2.00', '3.00']) {
      s.domain.clock.now = new Date(s.domain.clock.now.getTime() + 1_000);
      made.push((await s.transfer(amount)).id);
    }
    const page = (viewer: Viewer, after?: unknown[]) =>
      s.domain.queries.walletPayments(accessOf(viewer), s.bobEur, {}, { first: 2, after });
    const first = await page(customer(s.bob));
    expect(first.map((p) => p.id)).toEqual([made[2], made[1], made[0]]);
    const last = first[1];
    const second = await page(customer(s.bob), [last.createdAt.getTime(), last.id]);
    expect(second.map((p) => p.id)).toEqual([made[0]]);
    await expect(codeOf(page(customer(s.domain.bank.addAccount())))).resolves.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      page({ kind: 'account', accountId: s.domain.bank.addAccount(), roles: ['ANALYST'] }),
    ).resolves.toHaveLength(3);
  });

  it('shows a payment to its payer and payee, not to a stranger', async () => {
    const payment = await s.transfer('4.00');
    const read = (accountId: string) =>
      s.domain.queries.payment(accessOf(customer(accountId)), payment.id, lookups());
    await expect(read(s.alice)).resolves.toMatchObject({ id: payment.id });
    await expect(read(s.bob)).resolves.toMatchObject({ id: payment.id });
    await expect(codeOf(read(s.domain.bank.addAccount()))).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });
});
