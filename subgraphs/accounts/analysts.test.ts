import type { Config } from '../../platform/config';
import { ErrorCode } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { testDatabase } from '../../test/support/database';
import { openAccountsDatabase } from './database';
import { createAnalyst } from './index';
import { Account } from './store/account.entity';
import { AccountsStores } from './store/stores';

const logger = createLogger('silent');
const database = testDatabase('accounts-analyst');
let config: Config;

beforeAll(() => {
  config = database.config();
});

afterAll(() => database.drop());

/** Opens the accounts database on its own for the duration of `work`. */
async function withStores<T>(work: (stores: AccountsStores) => Promise<T>): Promise<T> {
  const db = await openAccountsDatabase(config, logger);
  try {
    return await work(new AccountsStores(db.unit(), db.dialect));
  } finally {
    await db.close();
  }
}

const stored = (email: string) => withStores((stores) => stores.accounts.byEmail(email));

describe('createAnalyst', () => {
  it('creates a new analyst account in a fresh database', async () => {
    const outcome = await createAnalyst(config, logger, {
      email: 'Boss@Example.com',
      password: 'An4lyst-password!',
    });
    expect(outcome).toMatchObject({ email: 'boss@example.com', created: true, roleAdded: true });
    expect((await stored('boss@example.com'))?.roles).toEqual(['CUSTOMER', 'ANALYST']);
  });

  it('adds the role to an existing account once', async () => {
    const again = await createAnalyst(config, logger, { email: 'boss@example.com' });
    expect(again).toMatchObject({ created: false, roleAdded: false });
    const customer = new Account('customer@example.com', 'Customer', 'scrypt$not-a-real-hash');
    await withStores(async (stores) => {
      stores.accounts.add(customer);
      await stores.flush();
    });
    const promoted = await createAnalyst(config, logger, { email: 'customer@example.com' });
    expect(promoted).toMatchObject({ accountId: customer.id, created: false, roleAdded: true });
    expect((await stored('customer@example.com'))?.roles).toEqual(['CUSTOMER', 'ANALYST']);
  });

  it('refuses a bad email or a weak password for a new account', async () => {
    await expect(
      createAnalyst(config, logger, { email: 'nope', password: 'An4lyst-password!' }),
    ).rejects.toMatchObject({ code: ErrorCode.BadUserInput, field: 'email' });
    await expect(
      createAnalyst(config, logger, { email: 'new@example.com', password: 'short' }),
    ).rejects.toMatchObject({ code: ErrorCode.BadUserInput, field: 'password' });
    await expect(createAnalyst(config, logger, { email: 'new@example.com' })).rejects.toMatchObject({
      field: 'password',
    });
  });
});
