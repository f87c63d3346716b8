import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { DEMO_PASSWORD } from '../scripts/demo-password';
import { testDatabase } from './support/database';

const ROOT = path.join(__dirname, '..');

/** Runs one of the repository's entry points from source and returns how it ended. */
function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Production refuses what is only for development, however it is started. */
describe('in production', () => {
  const place = testDatabase('production');
  let env: Record<string, string>;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    env = {
      ...place.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PASSWORD_SCRYPT_LOG_N: '17',
      JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey),
      JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey),
      CARD_TOKEN_KEY: 'a production card token key, not the default',
      PARTNER_SECRET_PEPPER: 'a production pepper, not the default',
      GATEWAY_SECRET: 'a production gateway secret of enough length',
      PORT: '0',
    };
  });
  afterAll(() => place.drop());

  it('the graph does not start on the sandbox funding network unless it is named', () => {
    const refused = run('main.ts', [], env);
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/FUNDING_NETWORK: production must name its funding network/);
  });

  it('the seed refuses to run: its accounts have a published password', () => {
    const refused = run('scripts/seed.ts', [], env);
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/does not run in production/);
  });

  it('create-analyst refuses the demo password, and creates an analyst with a password of its own', () => {
    const refused = run(
      'scripts/create-analyst.ts',
      ['--email', 'boss@bank.example', '--password', DEMO_PASSWORD],
      env,
    );
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/--password: the demo password is published/);
    const created = run(
      'scripts/create-analyst.ts',
      ['--email', 'boss@bank.example', '--password', 'a passphrase of its own 7'],
      env,
    );
    expect(created.output).toMatch(/Created analyst account boss@bank.example/);
    expect(created.status).toBe(0);
  });

  it('the configuration names every missing production secret at once', () => {
    const refused = run('main.ts', [], { ...place.env, NODE_ENV: 'production', PORT: '0' });
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/JWT_PRIVATE_KEY[\s\S]*CARD_TOKEN_KEY[\s\S]*GATEWAY_SECRET/);
  });
});
