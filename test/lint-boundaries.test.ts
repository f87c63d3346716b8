import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

type Message = { ruleId: string | null; message: string };

const FIXTURES: Record<string, [file: string, source: string]> = {
  internals: [
    'subgraphs/wallets/domain/fixture.ts',
    "import { AccessPolicy } from '../../accounts/domain/access';\nexport const policy = AccessPolicy;\n",
  ],
  reexport: ['subgraphs/risk/fixture.ts', "export * from '../payments/store/payment.entity';\n"],
  dynamic: ['subgraphs/offers/fixture.ts', "export const load = () => import('../payments/index');\n"],
  platform: [
    'platform/fixture.ts',
    "import { PaymentEvents } from '../subgraphs/payments/contract';\nexport { PaymentEvents };\n",
  ],
  gatewayInternals: ['gateway/fixture.ts', "export { start } from '../subgraphs/payments/index';\n"],
  contract: [
    'subgraphs/wallets/domain/fixture.ts',
    "import { AccountCommands } from '../../accounts/contract';\nimport { Ledger } from './ledger';\nexport { AccountCommands, Ledger };\n",
  ],
  gatewayContract: [
    'gateway/fixture.ts',
    "export { PaymentEvents } from '../subgraphs/payments/contract';\n",
  ],
  composition: ['test/fixture.ts', "export { start } from '../subgraphs/payments/index';\n"],
};

/**
 * Lints each fixture's source as if it were the file it names, with the repository's own ESLint
 * configuration, in one ESLint process.
 */
function lintFixtures(): Record<string, Message[]> {
  const script = `
    const { ESLint } = require('eslint');
    const fixtures = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [name, [file, source]] of Object.entries(fixtures)) {
        const [report] = await eslint.lintText(source, { filePath: file });
        out[name] = report.messages.map(({ ruleId, message }) => ({ ruleId, message }));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(FIXTURES)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, Message[]>;
}

let linted: Record<string, Message[]>;
beforeAll(() => {
  linted = lintFixtures();
});
const lint = (name: keyof typeof FIXTURES) => linted[name];

describe('the subgraph boundary lint rule', () => {
  it("refuses a subgraph importing another subgraph's internals", () => {
    expect(lint('internals')).toEqual([
      expect.objectContaining({
        ruleId: 'local/subgraph-boundaries',
        message: expect.stringContaining("only another subgraph's contract.ts crosses the boundary"),
      }),
    ]);
  });

  it('refuses a re-export and a dynamic import across the boundary, and the platform importing a subgraph', () => {
    for (const name of ['reexport', 'dynamic', 'platform', 'gatewayInternals'] as const) {
      expect(lint(name)).toEqual([expect.objectContaining({ ruleId: 'local/subgraph-boundaries' })]);
    }
  });

  it("allows another subgraph's contract, the subgraph's own files, and anything in composition roots", () => {
    expect(lint('contract')).toEqual([]);
    expect(lint('gatewayContract')).toEqual([]);
    expect(lint('composition')).toEqual([]);
  });
});
