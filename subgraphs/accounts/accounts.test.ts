import { authenticator } from 'otplib';
import { firstError } from '../../test/support/gql';
import { useStarted } from '../../test/support/lifecycle';
import { AccountCommands, AccountEvents } from './contract';
import { createAnalyst } from './index';
import { signUp, startTestAccounts, uniqueEmail } from './testing/accounts';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token account { id email } } }`;
const ACCOUNT = `query($id: ID!) { account(id: $id) { id email status } }`;

const accounts = useStarted(startTestAccounts);

describe('reading accounts', () => {
  it('shows an account to itself, NOT_FOUND to another customer and for a malformed id', async () => {
    const ada = await signUp(accounts);
    const bob = await signUp(accounts);
    const own = await accounts.gql(ACCOUNT, { id: ada.accountId }, { token: ada.token });
    expect(own.data).toEqual({ account: { id: ada.accountId, email: ada.email, status: 'ACTIVE' } });
    const other = await accounts.gql(ACCOUNT, { id: ada.accountId }, { token: bob.token });
    expect(firstError(other)?.code).toBe('NOT_FOUND');
    expect(other.raw).not.toContain(ada.email);
    expect(firstError(await accounts.gql(ACCOUNT, { id: 'nope' }, { token: ada.token }))?.code).toBe(
      'NOT_FOUND',
    );
    expect(firstError(await accounts.gql(ACCOUNT, { id: ada.accountId }))?.code).toBe('NOT_FOUND');
  });

  it('resolves Account references in one batch, null where the viewer may not look', async () => {
    const ada = await signUp(accounts);
    const bob = await signUp(accounts);
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { id email } } }`;
    const response = await accounts.gql<{ _entities: unknown[] }>(
      query,
      {
        representations: [
          { __typename: 'Account', id: ada.accountId },
          { __typename: 'Account', id: bob.accountId },
          { __typename: 'Account', id: 'malformed' },
        ],
      },
      { token: ada.token },
    );
    expect(response.data?._entities).toEqual([{ id: ada.accountId, email: ada.email }, null, null]);
  });
});

describe('MFA', () => {
  it('enrols with a secret and otpauth URI, confirms with a code, and refuses a wrong code', async () => {
    const ada = await signUp(accounts);
    const enrol = await accounts.gql<{ enableMfa: { secret: string; otpauthUri: string } }>(
      `mutation { enableMfa { secret otpauthUri } }`,
      {},
      { token: ada.token },
    );
    const { secret, otpauthUri } = enrol.data!.enableMfa;
    expect(otpauthUri).toContain('issuer=Wallet');
    const wrongCode = String((Number(authenticator.generate(secret)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await accounts.gql(
      `mutation($code: String!) { confirmMfa(code: $code) { mfaEnabled } }`,
      { code: wrongCode },
      { token: ada.token },
    );
    expect(firstError(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });

    const confirmed = await accounts.gql<{ confirmMfa: { mfaEnabled: boolean } }>(
      `mutation($code: String!) { confirmMfa(code: $code) { mfaEnabled } }`,
      { code: authenticator.generate(secret) },
      { token: ada.token },
    );
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data?.confirmMfa.mfaEnabled).toBe(true);
    const summary = await accounts.bus.request(AccountCommands.getAccount, { accountId: ada.accountId });
    expect(summary).toEqual({
      accountId: ada.accountId,
      status: 'ACTIVE',
      mfaEnabled: true,
      roles: ['CUSTOMER'],
    });
    // The secret is stored sealed, never as itself.
    expect((await accounts.database.storedText()).includes(secret)).toBe(false);
  });

  it('accepts a TOTP code once over the bus', async () => {
    const ada = await signUp(accounts);
    const enrol = await accounts.gql<{ enableMfa: { secret: string } }>(
      `mutation { enableMfa { secret } }`,
      {},
      { token: ada.token },
    );
    const secret = enrol.data!.enableMfa.secret;
    const previous = authenticator.clone({ epoch: Date.now() - 30_000 }).generate(secret);
    await accounts.gql(
      `mutation($code: String!) { confirmMfa(code: $code) { mfaEnabled } }`,
      { code: previous },
      { token: ada.token },
    );
    const code = authenticator.generate(secret);
    await expect(
      accounts.bus.request(AccountCommands.verifyTotp, { accountId: ada.accountId, code }),
    ).resolves.toEqual({ valid: true });
    await expect(
      accounts.bus.request(AccountCommands.verifyTotp, { accountId: ada.accountId, code }),
    ).resolves.toEqual({ valid: false });
    await expect(
      accounts.bus.request(AccountCommands.verifyTotp, { accountId: ada.accountId, code: '000000' }),
    ).resolves.toEqual({ valid: false });
  });
});

describe('freezing', () => {
  const FREEZE = `mutation($accountId: ID!, $reason: String!) { freezeAccount(accountId: $accountId, reason: $reason) { id status } }`;
  const UNFREEZE = `mutation($accountId: ID!) { unfreezeAccount(accountId: $accountId) { id status } }`;

  async function analystToken(): Promise<string> {
    const email = uniqueEmail('analyst');
    await createAnalyst(accounts.config, accounts.logger, { email, password: 'An4lyst-password!' });
    const response = await accounts.gql<{ signIn: { token: string } }>(SIGN_IN, {
      input: { email, password: 'An4lyst-password!' },
    });
    return response.data!.signIn.token;
  }

  it('lets an analyst freeze and unfreeze an account, publishing both events', async () => {
    const token = await analystToken();
    const customer = await signUp(accounts);
    const frozen = await accounts.gql(
      FREEZE,
      { accountId: customer.accountId, reason: 'card testing' },
      { token },
    );
    expect(frozen.data).toEqual({ freezeAccount: { id: customer.accountId, status: 'FROZEN' } });
    const event = await accounts.events.waitFor(
      AccountEvents.frozen,
      (data) => data.accountId === customer.accountId,
    );
    expect(event.data).toEqual({ accountId: customer.accountId, reason: 'card testing' });
    expect(event.source).toBe('accounts');

    const analystView = await accounts.gql(ACCOUNT, { id: customer.accountId }, { token });
    expect(analystView.data).toMatchObject({ account: { status: 'FROZEN' } });

    const unfrozen = await accounts.gql(UNFREEZE, { accountId: customer.accountId }, { token });
    expect(unfrozen.data).toEqual({ unfreezeAccount: { id: customer.accountId, status: 'ACTIVE' } });
    const again = await accounts.events.waitFor(
      AccountEvents.unfrozen,
      (data) => data.accountId === customer.accountId,
    );
    expect(again.data).toEqual({ accountId: customer.accountId });
  });

  it('refuses a customer (FORBIDDEN), a signed-out caller (UNAUTHENTICATED) and an unknown account (NOT_FOUND)', async () => {
    const customer = await signUp(accounts);
    const args = { accountId: customer.accountId, reason: 'x' };
    expect(firstError(await accounts.gql(FREEZE, args, { token: customer.token }))?.code).toBe('FORBIDDEN');
    expect(firstError(await accounts.gql(FREEZE, args))?.code).toBe('UNAUTHENTICATED');
    expect(
      firstError(await accounts.gql(UNFREEZE, { accountId: customer.accountId }, { token: customer.token }))
        ?.code,
    ).toBe('FORBIDDEN');
    const token = await analystToken();
    const unknown = await accounts.gql(
      FREEZE,
      { accountId: '01900000-0000-7000-8000-000000000000', reason: 'x' },
      { token },
    );
    expect(firstError(unknown)?.code).toBe('NOT_FOUND');
  });

  it('freezes through the bus for the risk subgraph', async () => {
    const customer = await signUp(accounts);
    await expect(
      accounts.bus.request(AccountCommands.freezeAccount, {
        accountId: customer.accountId,
        reason: 'structuring',
      }),
    ).resolves.toEqual({ accountId: customer.accountId, status: 'FROZEN' });
    await accounts.events.waitFor(AccountEvents.frozen, (data) => data.accountId === customer.accountId);
    await expect(
      accounts.bus.request(AccountCommands.getAccount, { accountId: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
