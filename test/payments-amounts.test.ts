import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorCodes } from './support/graph';
import {
  expectBalancedLedger,
  fund,
  newKey,
  newPayer,
  ok,
  pay,
  usePaymentsGraph,
  walletOf,
} from './support/payments';

// Limits that let through an amount past 2^53 minor units (a JS number is exact only below it).
const limitsDir = mkdtempSync(path.join(os.tmpdir(), 'limits-'));
const limitsPath = path.join(limitsDir, 'payment-limits.json');
writeFileSync(
  limitsPath,
  JSON.stringify({
    currencies: {
      EUR: { max: '100000000000000.00', perPayment: '100000000000000.00', daily: '900000000000000.00' },
      USD: { max: '1000.00', perPayment: '500.00', daily: '5000.00' },
    },
  }),
);
afterAll(() => rmSync(limitsDir, { recursive: true, force: true }));

/** Amounts have bounds, and what is stored is read back exactly, however large. */
describe('amounts, through the gateway', () => {
  const g = usePaymentsGraph({ PAYMENT_LIMITS_PATH: limitsPath });

  it('refuses an amount past 18 significant digits and one above the configured maximum with BAD_USER_INPUT', async () => {
    const ada = await newPayer(g.graph, ['EUR', 'USD']);
    const topUp = (amount: string, currency: string) =>
      pay(g.graph, ada.token, 'topUp', {
        walletId: ada.wallets[currency],
        fundingSourceId: ada.cardId,
        amount: { amount, currency },
        idempotencyKey: newKey(),
      });
    for (const [amount, currency] of [
      ['100000000000000000000000000', 'EUR'],
      ['10000000000000000.00', 'EUR'],
      ['1000.01', 'USD'],
    ]) {
      const refused = await topUp(amount, currency);
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0].extensions?.field).toBe('input.amount');
    }
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('0.00');
    // At the maximum the request is taken; above the per-payment limit it is a declined payment.
    expect((await ok(topUp('1000.00', 'USD'))).topUp).toMatchObject({
      status: 'DECLINED',
      declineReason: 'LIMIT_EXCEEDED',
    });
  });

  it('a top-up of 90,071,992,547,409.93 (past 2^53 minor units) is stored, replayed and listed exactly', async () => {
    const ada = await newPayer(g.graph);
    const input = {
      walletId: ada.wallets.EUR,
      fundingSourceId: ada.cardId,
      amount: { amount: '90071992547409.93', currency: 'EUR' },
      idempotencyKey: newKey(),
    };
    const { topUp } = await ok(pay(g.graph, ada.token, 'topUp', input));
    expect(topUp).toMatchObject({ status: 'COMPLETED', amount: { amount: '90071992547409.93' } });
    const { topUp: replay } = await ok(pay(g.graph, ada.token, 'topUp', input));
    expect(replay).toMatchObject({ id: topUp.id, amount: { amount: '90071992547409.93', currency: 'EUR' } });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('90071992547409.93');
    expect(wallet.entries.edges[0].node.amount.amount).toBe('90071992547409.93');
    await fund(g.graph, ada, '0.01');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).balance.amount).toBe('90071992547409.94');
    await expectBalancedLedger(g.probe);
  });
});
