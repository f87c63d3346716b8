import { firstError } from '../../test/support/gql';
import { useStarted } from '../../test/support/lifecycle';
import { AccountCommands } from './contract';
import { signUp, startTestAccounts } from './testing/accounts';

const ACCOUNT = `query($id: ID!) { account(id: $id) { id email status } }`;

const accounts = useStarted(startTestAccounts);

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
    expect((await accounts.database.storedText()).includes(clientSecret)).toBe(false);

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
      accounts.bus.request(AccountCommands.partnerAccess, {
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
      accounts.bus.request(AccountCommands.partnerAccess, {
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
