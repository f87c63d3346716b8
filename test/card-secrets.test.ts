import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { startTestGraph, type TestGraph } from './support/graph';
import { signUpCustomer } from './support/users';

const CARDS = [
  { number: '4000056655665556', cvc: '917' },
  { number: '5200828282828210', cvc: '4812' },
];

/** Every value stored in every table of the graph's databases, as one string per table. */
async function storedText(graph: TestGraph): Promise<string> {
  if (!graph.config.databaseUrl) {
    // The SQLite files and their write-ahead logs, byte for byte.
    return readdirSync(graph.config.dataDir)
      .filter((file) => /\.db(-wal|-shm)?$/.test(file))
      .map((file) => readFileSync(path.join(graph.config.dataDir, file)).toString('latin1'))
      .join('\n');
  }
  const client = new Client({ connectionString: graph.config.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_schema: string; table_name: string }>(
      `select table_schema, table_name from information_schema.tables where table_schema like $1`,
      [`${graph.config.databaseSchemaPrefix}%`],
    );
    const dumps: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await client.query(`select * from "${table_schema}"."${table_name}"`);
      dumps.push(JSON.stringify(rows.rows));
    }
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}

describe('card secrets', () => {
  const logLines: string[] = [];
  let graph: TestGraph;

  beforeAll(async () => {
    const logs = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    graph = await startTestGraph({ LOG_LEVEL: 'trace' }, { logs });
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

    const stored = await storedText(graph);
    const logs = logLines.join('');
    expect(stored.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      ...CARDS.flatMap((card) => [card.number, card.number.slice(0, 12)]),
      '4000056655665557',
    ]) {
      expect(stored).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    for (const { cvc } of CARDS) {
      expect(logs).not.toMatch(new RegExp(`"cvc"\\s*:\\s*"${cvc}"`));
      expect(stored).not.toMatch(new RegExp(`"?cvc"?\\W{1,4}${cvc}`));
    }
  });
});
