import { startTestGraph, type TestGraph } from './support/graph';
import { LogCapture } from './support/logs';
import { signUpCustomer } from './support/users';

const CARDS = [
  { number: '4000056655665556', cvc: '917' },
  { number: '5200828282828210', cvc: '4812' },
];

describe('card secrets', () => {
  const logs = new LogCapture();
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ LOG_LEVEL: 'trace' }, { logs: logs.stream });
  });
  afterAll(() => graph.close());

  it('keeps no card number or CVC in any table or log line after linking cards', async () => {
    const customer = await signUpCustomer(graph);
    for (const card of CARDS) {
      const linked = await graph.gql<{ linkCard: { last4: string } }>(
        `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id last4 brand } }`,
        {
          input: {
            ...card,
            expMonth: 11,
            expYear: new Date().getUTCFullYear() + 4,
            holderName: 'Card Holder',
          },
        },
        customer.token,
      );
      expect(linked.errors).toBeUndefined();
      expect(JSON.stringify(linked)).not.toContain(card.number);
    }
    // A refused card must not leak either.
    await graph.gql(
      `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }`,
      {
        input: { number: '4000056655665557', cvc: '555', expMonth: 11, expYear: 2099, holderName: 'X' },
      },
      customer.token,
    );

    const stored = await graph.database.storedText();
    const logged = logs.text();
    expect(stored.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [
      ...CARDS.flatMap((card) => [card.number, card.number.slice(0, 12)]),
      '4000056655665557',
    ]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    for (const { cvc } of CARDS) {
      expect(logged).not.toMatch(new RegExp(`"cvc"\\s*:\\s*"${cvc}"`));
      expect(stored).not.toMatch(new RegExp(`"?cvc"?\\W{1,4}${cvc}`));
    }
  });
});
