import { startTestGraph, type TestGraph } from './support/graph';
import { LogCapture } from './support/logs';
import { signUpCustomer } from './support/users';

/** The top-level keys of one JSON log line, in order, duplicates included (JSON.parse would drop them). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      let end = i + 1;
      while (line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (depth === 1 && line[end + 1] === ':') keys.push(line.slice(i + 1, end));
      i = end;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return keys;
}

describe('log lines', () => {
  const logs = new LogCapture();
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ LOG_LEVEL: 'debug' }, { logs: logs.stream });
  });
  afterAll(() => graph.close());

  it('carry each key once, from start-up through a request in every subgraph', async () => {
    const customer = await signUpCustomer(graph);
    await graph.gql('{ me { id wallets { id } fundingSources { id } } }', {}, customer.token);
    const lines = logs.lines.flatMap((chunk) => chunk.split('\n')).filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);
    const repeated = lines
      .map((line) => ({ line, keys: topLevelKeys(line) }))
      .filter(({ keys }) => new Set(keys).size !== keys.length);
    expect(repeated).toEqual([]);
    expect(lines.some((line) => topLevelKeys(line).includes('subgraph'))).toBe(true);
  });
});
