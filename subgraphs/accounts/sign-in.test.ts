import crypto from 'node:crypto';
import { firstError } from '../../test/support/gql';
import { useStarted } from '../../test/support/lifecycle';
import { AccountEvents } from './contract';
import { signUp, startTestAccounts, STRONG_PASSWORD, uniqueEmail } from './testing/accounts';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token account { id email displayName status roles mfaEnabled createdAt } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token account { id email } } }`;
const ME = `{ me { id email roles status mfaEnabled } }`;

const accounts = useStarted(startTestAccounts);

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
    await accounts.events.waitFor(AccountEvents.created, (data) => data.accountId === accountId);

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

  it('answers a wrong password and an unknown email alike, each after one scrypt verification at the same cost', async () => {
    const { email } = await signUp(accounts);
    const kdf = jest.spyOn(crypto, 'scrypt');
    // What each sign-in computed: the cost of every scrypt run, which is what its time is made of.
    const costs = async (input: { email: string; password: string }) => {
      kdf.mockClear();
      const response = await accounts.gql(SIGN_IN, { input });
      const runs = kdf.mock.calls.map((call) => (call[3] as crypto.ScryptOptions).N);
      return { response, runs };
    };
    const wrong = await costs({ email, password: 'not the right password' });
    const unknown = await costs({ email: uniqueEmail(), password: 'not the right password' });
    kdf.mockRestore();
    expect(wrong.response.errors?.[0]).toMatchObject({
      message: 'Invalid email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(unknown.response.errors?.[0]).toEqual(wrong.response.errors?.[0]);
    expect(wrong.runs).toEqual([2 ** 12]);
    expect(unknown.runs).toEqual(wrong.runs);
  });

  it('throttles an email from one address after 5 failures, even for the right password, with retryAfterSeconds', async () => {
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

  it("clears the count of the email's address on success", async () => {
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
