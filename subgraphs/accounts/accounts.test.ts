import { authenticator } from 'otplib';
import { AccountsCommands } from './events';
import { createAnalyst } from './analysts';
import {
  firstError,
  signUp,
  startTestAccounts,
  STRONG_PASSWORD,
  uniqueEmail,
  type TestAccounts,
} from './test-support';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token account { id email displayName status roles mfaEnabled createdAt } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token account { id email } } }`;
const ME = `{ me { id email roles status mfaEnabled } }`;
const ACCOUNT = `query($id: ID!) { account(id: $id) { id email status } }`;

let accounts: TestAccounts;

beforeAll(async () => {
  accounts = await startTestAccounts();
});

afterAll(async () => {
  await accounts?.close();
});

describe('signing up and in', () => {
  it('signs up with a normalised email, then signs in and reads itself', async () => {
    const email = uniqueEmail('Ada').replace('ada', 'Ada');
    const up = await accounts.gql<{ signUp: { token: string; account: Record<string, unknown> } }>(SIGN_UP, {
      input: { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, displayName: 'Ada' },
    });
    expect(up.errors).toBeUndefined();
    expect(up.data?.signUp.account).toMatchObject({
      email: email.toLowerCase(),
      displayName: 'Ada',
      status: 'ACTIVE',
      roles: ['CUSTOMER'],
      mfaEnabled: false,
    });
    const accountId = up.data!.signUp.account.id as string;
    await accounts.waitForEvent<{ accountId: string }>(
      'account.created',
      (data) => data.accountId === accountId,
    );

    const signIn = await accounts.gql<{ signIn: { token: string; account: { id: string } } }>(SIGN_IN, {
      input: { email: email.toUpperCase(), password: STRONG_PASSWORD },
    });
    expect(signIn.data?.signIn.account.id).toBe(accountId);
    const me = await accounts.gql<{ me: { id: string } }>(ME, {}, { token: signIn.data!.signIn.token });
    expect(me.data?.me).toMatchObject({ id: accountId, roles: ['CUSTOMER'] });
  });

  it('answers me with null when signed out', async () => {
    const me = await accounts.gql(ME);
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: null });
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }, 'input.email'],
    ['a short password', { password: 'Sh0rt!' }, 'input.password'],
    ['a one-class password', { password: 'abcdefghijklmnopq' }, 'input.password'],
    ['a common password', { password: 'Password123' }, 'input.password'],
    ['an empty display name', { displayName: '   ' }, 'input.displayName'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change, field) => {
    const response = await accounts.gql(SIGN_UP, {
      input: { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'X', ...change },
    });
    expect(firstError(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a taken email, whatever its case, with CONFLICT', async () => {
    const { email } = await signUp(accounts);
    const response = await accounts.gql(SIGN_UP, {
      input: { email: email.toUpperCase(), password: STRONG_PASSWORD, displayName: 'Again' },
    });
    expect(firstError(response)).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
  });

  it('answers a wrong password and an unknown email alike, in similar time', async () => {
    const { email } = await signUp(accounts);
    const timed = async (input: { email: string; password: string }) => {
      const started = performance.now();
      const response = await accounts.gql(SIGN_IN, { input });
      return { response, ms: performance.now() - started };
    };
    const wrong = await timed({ email, password: 'not the right password' });
    const unknown = await timed({ email: uniqueEmail(), password: 'not the right password' });
    expect(wrong.response.errors?.[0]).toMatchObject({
      message: 'Invalid email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(unknown.response.errors?.[0]).toEqual(wrong.response.errors?.[0]);
    // Both paths run one scrypt verification: neither is several times faster than the other.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 3);
    expect(wrong.ms).toBeGreaterThan(unknown.ms / 3);
  });

  it('throttles an email after 5 failures, even for the right password, with retryAfterSeconds', async () => {
    const { email } = await signUp(accounts);
    for (let i = 0; i < 5; i++) {
      const response = await accounts.gql(SIGN_IN, { input: { email, password: `wrong password ${i}` } });
      expect(firstError(response)?.code).toBe('UNAUTHENTICATED');
    }
    const limited = await accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } });
    expect(firstError(limited)?.code).toBe('RATE_LIMITED');
    expect(firstError(limited)?.retryAfterSeconds).toEqual(expect.any(Number));
    expect(firstError(limited)?.retryAfterSeconds as number).toBeGreaterThan(800);
  });

  it('lets an email try again once the 15 minute window has passed', async () => {
    const { email } = await signUp(accounts);
    for (let i = 0; i < 5; i++)
      await accounts.gql(SIGN_IN, { input: { email, password: `wrong password ${i}` } });
    expect(
      firstError(await accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } }))?.code,
    ).toBe('RATE_LIMITED');
    accounts.setClockOffset(15 * 60_000 + 1_000);
    try {
      const ok = await accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } });
      expect(ok.errors).toBeUndefined();
    } finally {
      accounts.setClockOffset(0);
    }
  });

  it('clears the email counter on success', async () => {
    const { email } = await signUp(accounts);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++)
        await accounts.gql(SIGN_IN, { input: { email, password: `wrong password ${i}` } });
      const ok = await accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } });
      expect(ok.errors).toBeUndefined();
    }
  });

  it('throttles a client address after 20 failures across emails', async () => {
    const headers = { 'x-client-ip': '203.0.113.9' };
    for (let i = 0; i < 20; i++) {
      const response = await accounts.gql(
        SIGN_IN,
        { input: { email: uniqueEmail(), password: 'wrong password here' } },
        { headers },
      );
      expect(firstError(response)?.code).toBe('UNAUTHENTICATED');
    }
    const { email } = await signUp(accounts);
    const limited = await accounts.gql(SIGN_IN, { input: { email, password: STRONG_PASSWORD } }, { headers });
    expect(firstError(limited)?.code).toBe('RATE_LIMITED');
    const elsewhere = await accounts.gql(
      SIGN_IN,
      { input: { email, password: STRONG_PASSWORD } },
      { headers: { 'x-client-ip': '198.51.100.7' } },
    );
    expect(elsewhere.errors).toBeUndefined();
  });
});

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
    const summary = await accounts.bus.request(AccountsCommands.getAccount, { accountId: ada.accountId });
    expect(summary).toEqual({
      accountId: ada.accountId,
      status: 'ACTIVE',
      mfaEnabled: true,
      roles: ['CUSTOMER'],
    });
    // The secret is stored sealed, never as itself.
    expect((await accounts.storedBytes()).includes(secret)).toBe(false);
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
      accounts.bus.request(AccountsCommands.verifyTotp, { accountId: ada.accountId, code }),
    ).resolves.toEqual({ valid: true });
    await expect(
      accounts.bus.request(AccountsCommands.verifyTotp, { accountId: ada.accountId, code }),
    ).resolves.toEqual({ valid: false });
    await expect(
      accounts.bus.request(AccountsCommands.verifyTotp, { accountId: ada.accountId, code: '000000' }),
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
    const event = await accounts.waitForEvent<{ accountId: string; reason: string }>(
      'account.frozen',
      (data) => data.accountId === customer.accountId,
    );
    expect(event.data).toEqual({ accountId: customer.accountId, reason: 'card testing' });
    expect(event.source).toBe('accounts');

    const analystView = await accounts.gql(ACCOUNT, { id: customer.accountId }, { token });
    expect(analystView.data).toMatchObject({ account: { status: 'FROZEN' } });

    const unfrozen = await accounts.gql(UNFREEZE, { accountId: customer.accountId }, { token });
    expect(unfrozen.data).toEqual({ unfreezeAccount: { id: customer.accountId, status: 'ACTIVE' } });
    const again = await accounts.waitForEvent<{ accountId: string }>(
      'account.unfrozen',
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
      accounts.bus.request(AccountsCommands.freezeAccount, {
        accountId: customer.accountId,
        reason: 'structuring',
      }),
    ).resolves.toEqual({ accountId: customer.accountId, status: 'FROZEN' });
    await accounts.waitForEvent<{ accountId: string }>(
      'account.frozen',
      (data) => data.accountId === customer.accountId,
    );
    await expect(
      accounts.bus.request(AccountsCommands.getAccount, { accountId: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('partner apps', () => {
  const REGISTER = `mutation($input: RegisterPartnerAppInput!) { registerPartnerApp(input: $input) { app { id name scopes } clientId clientSecret } }`;
  const TOKEN = `mutation($clientId: String!, $clientSecret: String!) { partnerToken(clientId: $clientId, clientSecret: $clientSecret) }`;
  const GRANT = `mutation($partnerAppId: ID!, $scopes: [String!]!) { grantPartnerAccess(partnerAppId: $partnerAppId, scopes: $scopes) { id } }`;
  const REVOKE = `mutation($partnerAppId: ID!) { revokePartnerAccess(partnerAppId: $partnerAppId) }`;

  it('registers, issues a token, and sees an account only while it holds consent', async () => {
    const developer = await signUp(accounts);
    const holder = await signUp(accounts);
    const registered = await accounts.gql<{
      registerPartnerApp: { app: { id: string; scopes: string[] }; clientId: string; clientSecret: string };
    }>(
      REGISTER,
      { input: { name: 'Budget Buddy', scopes: ['accounts:read', 'payments:read'] } },
      { token: developer.token },
    );
    expect(registered.errors).toBeUndefined();
    const { app, clientId, clientSecret } = registered.data!.registerPartnerApp;
    expect(app.scopes).toEqual(['accounts:read', 'payments:read']);
    expect((await accounts.storedBytes()).includes(clientSecret)).toBe(false);

    const bad = await accounts.gql(TOKEN, { clientId, clientSecret: 'pas_wrong' });
    expect(firstError(bad)?.code).toBe('UNAUTHENTICATED');
    const issued = await accounts.gql<{ partnerToken: string }>(TOKEN, { clientId, clientSecret });
    const partner = issued.data!.partnerToken;
    await expect(accounts.tokens.verify(partner)).resolves.toMatchObject({
      kind: 'partner',
      partnerAppId: app.id,
    });

    expect(firstError(await accounts.gql(ACCOUNT, { id: holder.accountId }, { token: partner }))?.code).toBe(
      'NOT_FOUND',
    );

    const tooMuch = await accounts.gql(
      GRANT,
      { partnerAppId: app.id, scopes: ['events:subscribe'] },
      { token: holder.token },
    );
    expect(firstError(tooMuch)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const granted = await accounts.gql(
      GRANT,
      { partnerAppId: app.id, scopes: ['accounts:read'] },
      { token: holder.token },
    );
    expect(granted.data).toEqual({ grantPartnerAccess: { id: app.id } });
    const visible = await accounts.gql(ACCOUNT, { id: holder.accountId }, { token: partner });
    expect(visible.data).toEqual({
      account: { id: holder.accountId, email: holder.email, status: 'ACTIVE' },
    });
    await expect(
      accounts.bus.request(AccountsCommands.partnerAccess, {
        partnerAppId: app.id,
        accountId: holder.accountId,
      }),
    ).resolves.toEqual({ scopes: ['accounts:read'] });

    const revoked = await accounts.gql(REVOKE, { partnerAppId: app.id }, { token: holder.token });
    expect(revoked.data).toEqual({ revokePartnerAccess: true });
    expect(firstError(await accounts.gql(ACCOUNT, { id: holder.accountId }, { token: partner }))?.code).toBe(
      'NOT_FOUND',
    );
    await expect(
      accounts.bus.request(AccountsCommands.partnerAccess, {
        partnerAppId: app.id,
        accountId: holder.accountId,
      }),
    ).resolves.toEqual({ scopes: [] });
  });

  it('refuses unknown scopes and a signed-out registration', async () => {
    const developer = await signUp(accounts);
    const unknown = await accounts.gql(
      REGISTER,
      { input: { name: 'X', scopes: ['wallets:write'] } },
      { token: developer.token },
    );
    expect(firstError(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scopes' });
    const anonymous = await accounts.gql(REGISTER, { input: { name: 'X', scopes: ['accounts:read'] } });
    expect(firstError(anonymous)?.code).toBe('UNAUTHENTICATED');
    const noApp = await accounts.gql(
      GRANT,
      { partnerAppId: 'nope', scopes: ['accounts:read'] },
      { token: developer.token },
    );
    expect(firstError(noApp)?.code).toBe('NOT_FOUND');
  });
});
