import { createLogger } from '../../platform/logger';
import { ok } from '../../test/support/gql';
import { openAccountsDatabase } from './database';
import { hashPassword, scryptParams } from './domain/passwords';
import { AccountsStores } from './store/stores';
import { signUp, startTestAccounts, STRONG_PASSWORD, type TestAccounts } from './testing/accounts';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token account { id } } }`;

describe('password hashes below the configured cost', () => {
  let accounts: TestAccounts;
  beforeAll(async () => {
    accounts = await startTestAccounts({ env: { PASSWORD_SCRYPT_LOG_N: '14' } });
  });
  afterAll(() => accounts?.close());

  /** Reads or changes the stored hash through a connection of the test's own. */
  async function withStores<T>(work: (stores: AccountsStores) => Promise<T>): Promise<T> {
    const database = await openAccountsDatabase(accounts.config, createLogger('silent'));
    try {
      return await work(new AccountsStores(database.unit(), database.dialect));
    } finally {
      await database.close();
    }
  }
  const storedHash = (email: string) =>
    withStores(
      async (stores) => (await stores.accounts.byEmail(email, { withPasswordHash: true }))!.passwordHash,
    );

  it('are made again at the current cost when their owner signs in, who still signs in after', async () => {
    const { email, accountId } = await signUp(accounts);
    expect(await storedHash(email)).toMatch(/^scrypt\$16384\$8\$1\$/);
    const old = await hashPassword(STRONG_PASSWORD, scryptParams(12));
    await withStores(async (stores) => {
      const account = (await stores.accounts.byEmail(email, { withPasswordHash: true }))!;
      account.passwordHash = old;
      await stores.flush();
    });
    expect(await storedHash(email)).toBe(old);

    const first = await ok(accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } }));
    expect(first).toMatchObject({ signIn: { account: { id: accountId } } });
    const upgraded = await storedHash(email);
    expect(upgraded).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(upgraded).not.toBe(old);

    const again = await ok(accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } }));
    expect(again).toMatchObject({ signIn: { account: { id: accountId } } });
    expect(await storedHash(email)).toBe(upgraded);
  });
});
