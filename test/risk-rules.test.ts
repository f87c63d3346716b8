import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorCodes } from './support/graph';
import { newPayer, ok, usePaymentsGraph, walletOf, type Payer } from './support/payments';
import {
  alertFor,
  alertsOf,
  analystToken,
  assessed,
  codesOf,
  learned,
  learnedTopUp,
  payMerchant,
  resolveAlert,
  transfer,
} from './support/risk';

/** EUR limits high enough for the AML scenarios: 10,000.00 a payment, 200,000.00 a day. */
function roomyLimits(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'risk-limits-')), 'payment-limits.json');
  writeFileSync(
    file,
    JSON.stringify({ currencies: { EUR: { perPayment: '10000.00', daily: '200000.00' } } }),
  );
  return file;
}

const BLOCK =
  'mutation ($input: AddBlockListEntryInput!) { addBlockListEntry(input: $input) { id kind value } }';

/**
 * Each rule of config/risk.yaml fires on its scenario, driven through the gateway, and each
 * analyst tool that acts on rules (block lists, snoozes, the shadow rule set) does what it says.
 */
describe('risk rules, through the gateway', () => {
  const g = usePaymentsGraph({ PAYMENT_LIMITS_PATH: roomyLimits() });
  let analyst: string;
  beforeAll(async () => {
    analyst = await analystToken(g.graph);
  });

  const codes = async (payer: Payer, paymentId: string) =>
    codesOf((await assessed(g.graph, payer.token, paymentId)).riskAssessment);

  it('LARGE_AMOUNT: a new account sends more than it may without a history', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '10000.00');
    await learnedTopUp(g.graph, ada, '10000.00');
    const large = await transfer(g.graph, ada, bob, '9100.00');
    expect(await codes(ada, large.id)).toContain('LARGE_AMOUNT');
    const small = await transfer(g.graph, ada, bob, '90.00');
    expect(await codes(ada, small.id)).not.toContain('LARGE_AMOUNT');
  });

  it('VELOCITY: the ninth payment within ten minutes', async () => {
    const ada = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '50.00');
    const payments = [];
    for (let i = 0; i < 8; i++) payments.push(await payMerchant(g.graph, ada, `Kiosk ${i}`, '1.00'));
    expect(await codes(ada, payments[0].id)).toEqual([]);
    expect(await codes(ada, payments[6].id)).toEqual([]);
    expect(await codes(ada, payments[7].id)).toEqual(['VELOCITY']);
  });

  it('STRUCTURING: three transfers of 9,500.00 within a day open a report listing all three; its CSV parses', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '10.00');
    expect((await transfer(g.graph, ada, bob, '10.00')).status).toBe('COMPLETED');
    for (let i = 0; i < 3; i++) await learnedTopUp(g.graph, ada, '9500.00');
    const first = await transfer(g.graph, ada, bob, '9500.00');
    const second = await transfer(g.graph, ada, bob, '9500.00');
    expect([first.status, second.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(await codes(ada, second.id)).not.toContain('STRUCTURING');
    const third = await transfer(g.graph, ada, bob, '9500.00');
    const { riskAssessment } = await assessed(g.graph, ada.token, third.id);
    expect(codesOf(riskAssessment)).toEqual(['STRUCTURING', 'LARGE_AMOUNT']);
    expect(riskAssessment).toMatchObject({ score: 80, decision: 'DECLINE' });
    expect(third).toMatchObject({ status: 'DECLINED', declineReason: 'RISK_DECLINED' });

    const { suspiciousActivityReports } = await ok(
      g.graph.gql<{
        suspiciousActivityReports: {
          edges: {
            node: {
              account: { id: string };
              rule: string;
              payments: { id: string }[];
              csv: string;
              json: string;
            };
          }[];
        };
      }>(
        `{ suspiciousActivityReports(first: 100) { edges { node { account { id } rule payments { id }
           csv: export(format: CSV) json: export(format: JSON) } } } }`,
        {},
        analyst,
      ),
    );
    const report = suspiciousActivityReports.edges
      .map((e) => e.node)
      .find((r) => r.account.id === ada.accountId);
    expect(report?.rule).toBe('STRUCTURING');
    expect(report?.payments.map((p) => p.id)).toEqual([first.id, second.id, third.id]);
    const [header, ...rows] = report!.csv
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header).toEqual(expect.arrayContaining(['payment_id', 'amount', 'currency', 'rule']));
    const column = (name: string) => header.indexOf(name);
    expect(
      rows.map((row) => [row[column('payment_id')], row[column('amount')], row[column('currency')]]),
    ).toEqual([
      [first.id, '9500.00', 'EUR'],
      [second.id, '9500.00', 'EUR'],
      [third.id, '9500.00', 'EUR'],
    ]);
    expect(JSON.parse(report!.json)).toMatchObject({ accountId: ada.accountId, rule: 'STRUCTURING' });
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect([wallet.balance.amount, wallet.availableBalance.amount]).toEqual(['9500.00', '9500.00']);
  });

  it('NEW_PAYEE: a large first payment to someone never paid, and not the second', async () => {
    const ada = await newPayer(g.graph);
    const carol = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '3000.00');
    const first = await transfer(g.graph, ada, carol, '1000.00');
    expect(first.status).toBe('COMPLETED');
    expect(await codes(ada, first.id)).toEqual(['NEW_PAYEE']);
    await learned(g.graph, first.id);
    const second = await transfer(g.graph, ada, carol, '1000.00');
    expect(await codes(ada, second.id)).toEqual([]);
  });

  it('RAPID_DRAIN: most of a fresh top-up sent on at once', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '600.00');
    const drain = await transfer(g.graph, ada, bob, '550.00');
    expect(drain.status).toBe('COMPLETED');
    expect(await codes(ada, drain.id)).toEqual(['RAPID_DRAIN']);
  });

  it('DECLINE_STREAK: a payment after three declines', async () => {
    const ada = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '10.00');
    for (let i = 0; i < 3; i++) {
      const refused = await transfer(g.graph, ada, bob, '50.00');
      expect(refused.declineReason).toBe('INSUFFICIENT_FUNDS');
      await learned(g.graph, refused.id);
    }
    const next = await transfer(g.graph, ada, bob, '5.00');
    expect(next.status).toBe('COMPLETED');
    expect(await codes(ada, next.id)).toEqual(['DECLINE_STREAK']);
  });

  it('LISTED: a payment to a blocked merchant is DECLINED and raises an alert; removing the entry lets it through', async () => {
    const ada = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '50.00');
    const { addBlockListEntry } = await ok(
      g.graph.gql<{ addBlockListEntry: { id: string; value: string } }>(
        BLOCK,
        {
          input: { kind: 'MERCHANT', value: 'Shady Goods Ltd', reason: 'Chargebacks for undelivered goods' },
        },
        analyst,
      ),
    );
    expect(addBlockListEntry.value).toBe('shady goods ltd');
    const refused = await payMerchant(g.graph, ada, 'SHADY GOODS LTD', '5.00', 'SHOPPING');
    expect(refused).toMatchObject({ status: 'DECLINED', declineReason: 'RISK_DECLINED' });
    expect(await codes(ada, refused.id)).toEqual(['LISTED']);
    expect((await alertFor(g.graph, analyst, refused.id)).severity).toBe('HIGH');
    await ok(
      g.graph.gql(
        'mutation ($id: ID!) { removeBlockListEntry(id: $id) { id } }',
        { id: addBlockListEntry.id },
        analyst,
      ),
    );
    expect((await payMerchant(g.graph, ada, 'Shady Goods Ltd', '5.00', 'SHOPPING')).status).toBe('COMPLETED');
    const wallet = await walletOf(g.graph, ada.token, ada.wallets.EUR);
    expect(wallet.balance.amount).toBe('45.00');
  });

  it('LISTED: blocking a funding source blocks the same card linked to another account', async () => {
    const ada = await newPayer(g.graph, ['EUR'], '7777');
    await learnedTopUp(g.graph, ada, '20.00');
    const { addBlockListEntry } = await ok(
      g.graph.gql<{ addBlockListEntry: { id: string } }>(
        BLOCK,
        { input: { kind: 'FUNDING_SOURCE', value: ada.cardId, reason: 'Stolen card' } },
        analyst,
      ),
    );
    const { blockList } = await ok(
      g.graph.gql<{ blockList: { kind: string; reason: string }[] }>(
        '{ blockList { kind reason } }',
        {},
        analyst,
      ),
    );
    expect(
      blockList
        .filter((e) => e.reason === 'Stolen card')
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['FUNDING_FINGERPRINT', 'FUNDING_SOURCE']);
    expect(addBlockListEntry.id).toBeTruthy();
    const mallory = await newPayer(g.graph, ['EUR'], '7777');
    const { topUp } = await ok(
      g.graph.gql<{ topUp: { id: string; status: string; declineReason: string } }>(
        'mutation ($input: TopUpInput!) { topUp(input: $input) { id status declineReason } }',
        {
          input: {
            walletId: mallory.wallets.EUR,
            fundingSourceId: mallory.cardId,
            amount: { amount: '20.00', currency: 'EUR' },
            idempotencyKey: `listed-${mallory.accountId}`,
          },
        },
        mallory.token,
      ),
    );
    expect(topUp).toMatchObject({ status: 'DECLINED', declineReason: 'RISK_DECLINED' });
    expect(await codes(mallory, topUp.id)).toEqual(['LISTED']);
    expect((await walletOf(g.graph, mallory.token, mallory.wallets.EUR)).balance.amount).toBe('0.00');
  });

  it('a FALSE_POSITIVE that snoozes its rules: the same pattern to the same payee is not stopped again', async () => {
    const carol = await newPayer(g.graph);
    const bob = await newPayer(g.graph);
    const dave = await newPayer(g.graph);
    await learnedTopUp(g.graph, carol, '1000.00');
    const held = await transfer(g.graph, carol, bob, '1000.00');
    expect(held.status).toBe('HELD_FOR_REVIEW');
    const alert = await alertFor(g.graph, analyst, held.id);
    await ok(
      resolveAlert(g.graph, analyst, {
        alertId: alert.id,
        resolution: 'FALSE_POSITIVE',
        note: 'Monthly rent to her landlord',
        snooze: true,
      }),
    );
    await learned(g.graph, held.id);
    await learnedTopUp(g.graph, carol, '1000.00');
    const again = await transfer(g.graph, carol, bob, '1000.00');
    expect(again.status).toBe('COMPLETED');
    expect(await codes(carol, again.id)).toEqual([]);
    // The rule still fires for anyone else.
    await learnedTopUp(g.graph, carol, '600.00');
    const elsewhere = await transfer(g.graph, carol, dave, '550.00');
    expect(await codes(carol, elsewhere.id)).toEqual(['RAPID_DRAIN']);
    expect((await alertsOf(g.graph, analyst, carol.accountId)).map((a) => a.status)).toEqual([
      'FALSE_POSITIVE',
    ]);
    const snoozeWithFraud = await resolveAlert(g.graph, analyst, {
      alertId: alert.id,
      resolution: 'CONFIRMED_FRAUD',
      note: 'x',
      snooze: true,
    });
    expect(errorCodes(snoozeWithFraud)).toEqual(['BAD_USER_INPUT']);
  });

  it('the shadow rule set changes no decision and reports what it would have done', async () => {
    const read = async () =>
      (
        await ok(
          g.graph.gql<{
            shadowRuleSet: {
              activeVersion: string;
              candidateVersion: string;
              evaluated: number;
              changed: number;
              decisions: {
                edges: {
                  node: {
                    payment: { id: string };
                    activeDecision: string;
                    candidateDecision: string;
                    candidateReasonCodes: string[];
                  };
                }[];
              };
            };
          }>(
            `{ shadowRuleSet { activeVersion candidateVersion evaluated changed
               decisions(first: 100) { edges { node { payment { id } activeDecision candidateDecision candidateReasonCodes } } } } }`,
            {},
            analyst,
          ),
        )
      ).shadowRuleSet;
    const before = await read();
    expect(before).toMatchObject({
      activeVersion: '2026-12-01.1',
      candidateVersion: '2026-12-15.1-candidate',
    });
    const ada = await newPayer(g.graph);
    const erin = await newPayer(g.graph);
    await learnedTopUp(g.graph, ada, '5000.00');
    const payment = await transfer(g.graph, ada, erin, '600.00');
    expect(payment.status).toBe('COMPLETED');
    expect((await assessed(g.graph, ada.token, payment.id)).riskAssessment).toMatchObject({
      decision: 'APPROVE',
      score: 0,
      ruleSetVersion: '2026-12-01.1',
    });
    const after = await read();
    expect(after.evaluated).toBe(before.evaluated + 2);
    expect(after.changed).toBe(before.changed + 1);
    expect(after.decisions.edges.map((e) => e.node).find((d) => d.payment.id === payment.id)).toEqual({
      payment: { id: payment.id },
      activeDecision: 'APPROVE',
      candidateDecision: 'REVIEW',
      candidateReasonCodes: ['NEW_PAYEE'],
    });
    expect(errorCodes(await g.graph.gql('{ shadowRuleSet { changed } }', {}, ada.token))).toEqual([
      'FORBIDDEN',
    ]);
  });
});
