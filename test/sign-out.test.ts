import { decodeJwt } from 'jose';
import { createLogger } from '../platform/logger';
import { AccountCommands, AccountEvents } from '../subgraphs/accounts/contract';
import { createAnalyst } from '../subgraphs/accounts';
import { errorCodes, startTestGraph, type TestGraph } from './support/graph';
import { ok, postGraphQL, type GraphQLResponse } from './support/gql';
import { signUpCustomer, type TestCustomer } from './support/users';

const ME = `{ me { id roles status } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) {
  changePassword(input: $input) { token account { id } } }`;

describe('revoking tokens', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const me = (token: string) =>
    graph.gql<{ me: { id: string; roles: string[]; status: string } }>(ME, {}, token);

  /** A request straight to a subgraph behind the gateway, which verifies the token itself. */
  const atSubgraph = (token: string): Promise<GraphQLResponse> =>
    postGraphQL(graph.graph.services.payments.url, '{ __typename }', {}, token, { signer: graph.signer });

  async function signIn(email: string, password: string): Promise<string> {
    return (await ok(graph.gql<{ signIn: { token: string } }>(SIGN_IN, { input: { email, password } })))
      .signIn.token;
  }

  /** Waits until a revocation of the account has reached every process's list. */
  async function revocationApplied(accountId: string, tokenId?: string): Promise<void> {
    await graph.events.waitFor(
      AccountEvents.tokensRevoked,
      (data) =>
        data.accountId === accountId &&
        (tokenId === undefined || ('tokenId' in data && data.tokenId === tokenId)),
    );
    await graph.graph.drain();
  }

  /** Expects the gateway (HTTP 401) and a subgraph to refuse the token, and both to take the other. */
  async function expectRefused(revoked: string, working?: string): Promise<void> {
    const refused = await me(revoked);
    expect({ status: refused.status, codes: errorCodes(refused) }).toEqual({
      status: 401,
      codes: ['UNAUTHENTICATED'],
    });
    expect(errorCodes(await atSubgraph(revoked))).toEqual(['UNAUTHENTICATED']);
    if (working) {
      expect((await me(working)).errors).toBeUndefined();
      expect((await atSubgraph(working)).errors).toBeUndefined();
    }
  }

  /** Uses a token once through the gateway and at a subgraph, so both have it cached. */
  async function useOnce(customer: TestCustomer, token: string): Promise<void> {
    expect((await ok(me(token))).me.id).toBe(customer.accountId);
    expect((await atSubgraph(token)).errors).toBeUndefined();
  }

  it('signOut revokes the token of the request only, even where it was cached', async () => {
    const ada = await signUpCustomer(graph);
    const other = await signIn(ada.email, ada.password);
    await useOnce(ada, ada.token);
    const signedOut = await graph.gql(`mutation { signOut }`, {}, ada.token);
    expect(signedOut.data).toEqual({ signOut: true });
    const event = await graph.events.waitFor(
      AccountEvents.tokensRevoked,
      (data) => 'tokenId' in data && data.tokenId === decodeJwt(ada.token).jti,
    );
    expect(event.data).toEqual({
      accountId: ada.accountId,
      tokenId: decodeJwt(ada.token).jti,
      expiresAt: new Date(decodeJwt(ada.token).exp! * 1000).toISOString(),
    });
    await graph.graph.drain();
    await expectRefused(ada.token, other);
  });

  it('signOutEverywhere revokes every token of the account; a new sign-in works', async () => {
    const bob = await signUpCustomer(graph);
    const second = await signIn(bob.email, bob.password);
    await useOnce(bob, bob.token);
    expect((await graph.gql(`mutation { signOutEverywhere }`, {}, second)).data).toEqual({
      signOutEverywhere: true,
    });
    await revocationApplied(bob.accountId);
    await expectRefused(bob.token);
    await expectRefused(second, await signIn(bob.email, bob.password));
  });

  it('changePassword checks the current password and the policy, revokes earlier tokens and returns one that works', async () => {
    const cleo = await signUpCustomer(graph);
    const earlier = await signIn(cleo.email, cleo.password);
    await useOnce(cleo, earlier);
    const wrong = await graph.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' } },
      cleo.token,
    );
    expect(wrong.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.currentPassword' }),
    ]);
    const weak = await graph.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: cleo.password, newPassword: 'password123' } },
      cleo.token,
    );
    expect(weak.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.newPassword' }),
    ]);
    expect((await me(earlier)).errors).toBeUndefined();

    const changed = await ok(
      graph.gql<{ changePassword: { token: string; account: { id: string } } }>(
        CHANGE_PASSWORD,
        { input: { currentPassword: cleo.password, newPassword: 'a brand new passphrase' } },
        cleo.token,
      ),
    );
    expect(changed.changePassword.account.id).toBe(cleo.accountId);
    await revocationApplied(cleo.accountId);
    await expectRefused(cleo.token, changed.changePassword.token);
    await expectRefused(earlier);
    const oldPassword = await graph.gql(SIGN_IN, { input: { email: cleo.email, password: cleo.password } });
    expect(errorCodes(oldPassword)).toEqual(['UNAUTHENTICATED']);
    expect(await signIn(cleo.email, 'a brand new passphrase')).toEqual(expect.any(String));
  });

  it("a freeze revokes the customer's tokens; signing in again gives a working token of the frozen account", async () => {
    const dan = await signUpCustomer(graph);
    await useOnce(dan, dan.token);
    // As the risk subgraph freezes an account; an analyst's freezeAccount runs the same service.
    await expect(
      graph.graph.bus.request(AccountCommands.freezeAccount, {
        accountId: dan.accountId,
        reason: 'card testing',
      }),
    ).resolves.toEqual({ accountId: dan.accountId, status: 'FROZEN' });
    await revocationApplied(dan.accountId);
    const again = await signIn(dan.email, dan.password);
    await expectRefused(dan.token, again);
    expect((await ok(me(again))).me.status).toBe('FROZEN');
  });

  it('a promotion to ANALYST revokes the tokens that carry the old roles; the new token has the role', async () => {
    const eve = await signUpCustomer(graph);
    await useOnce(eve, eve.token);
    const outcome = await createAnalyst(graph.config, createLogger('silent'), { email: eve.email });
    expect(outcome).toMatchObject({ accountId: eve.accountId, created: false, roleAdded: true });
    // Written by another process: the running accounts service relays it from the outbox.
    await revocationApplied(eve.accountId);
    const promoted = await signIn(eve.email, eve.password);
    await expectRefused(eve.token, promoted);
    expect((await ok(me(promoted))).me.roles).toEqual(['CUSTOMER', 'ANALYST']);
  });
});
