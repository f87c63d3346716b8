import { RiskEvents } from '../subgraphs/risk/contract';
import { startTestGraph, type TestGraph } from './support/graph';
import { fund, newPayer, walletOf } from './support/payments';
import { alertsOf, analystToken, assessed, learned, payMerchant, transfer } from './support/risk';

const HOUR = 3_600_000;

/**
 * A normal customer's ordinary week, on a clock the test moves forward: every payment is
 * approved without a reason and no alert is raised.
 */
describe("risk on a normal customer's week of everyday spending", () => {
  const clock = { at: Date.now() };
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph({}, { clock: () => new Date(clock.at) });
  });
  afterAll(() => g?.close());

  it('approves every payment with score 0 and raises no alert', async () => {
    const ada = await newPayer(g);
    const friend = await newPayer(g);
    const ids: string[] = [];
    const spend = async (made: Promise<{ id: string; status: string }>) => {
      const payment = await made;
      expect(payment.status).toBe('COMPLETED');
      await learned(g, payment.id);
      ids.push(payment.id);
    };
    await fund(g, ada, '400.00');
    for (let day = 0; day < 7; day++) {
      clock.at += 8 * HOUR;
      await spend(payMerchant(g, ada, 'Station Coffee', '3.80', 'DINING'));
      clock.at += 4 * HOUR;
      await spend(
        payMerchant(g, ada, day % 2 ? 'FreshMart' : 'Corner Grocer', `${20 + day * 5}.40`, 'GROCERIES'),
      );
      clock.at += 7 * HOUR;
      await spend(payMerchant(g, ada, 'Bus Pass Machine', '2.90', 'TRANSPORT'));
      if (day === 2 || day === 5) await spend(transfer(g, ada, friend, '30.00'));
      if (day === 3) await fund(g, ada, '200.00');
      clock.at += 5 * HOUR;
    }
    expect(ids).toHaveLength(23);
    for (const id of ids) {
      const { riskAssessment } = await assessed(g, ada.token, id);
      expect({ id, ...riskAssessment }).toMatchObject({ id, score: 0, decision: 'APPROVE', reasons: [] });
    }
    expect(await alertsOf(g, await analystToken(g), ada.accountId)).toEqual([]);
    expect(g.events.all(RiskEvents.alertRaised, (data) => data.accountId === ada.accountId)).toEqual([]);
    expect((await walletOf(g, ada.token, ada.wallets.EUR)).balance.amount).toBe('245.30');
  });
});
