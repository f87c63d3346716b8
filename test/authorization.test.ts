import { errorCodes, startTestGraph, type TestGraph } from './support/graph';
import { signUpCustomer, type TestCustomer } from './support/users';

const LINK_CARD = `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }`;
const OPEN_WALLET = `mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id } }`;

describe('authorization through the gateway', () => {
  let graph: TestGraph;
  let alice: TestCustomer;
  let bob: TestCustomer;
  let aliceWalletId: string;
  let aliceCardId: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    alice = await signUpCustomer(graph, 'Alice');
    bob = await signUpCustomer(graph, 'Bob');
    const wallet = await graph.gql<{ openWallet: { id: string } }>(
      OPEN_WALLET,
      { input: { currency: 'EUR' } },
      alice.token,
    );
    aliceWalletId = wallet.data!.openWallet.id;
    const card = await graph.gql<{ linkCard: { id: string } }>(
      LINK_CARD,
      {
        input: {
          number: '5555555555554444',
          expMonth: 6,
          expYear: new Date().getUTCFullYear() + 3,
          cvc: '321',
          holderName: 'Alice',
        },
      },
      alice.token,
    );
    aliceCardId = card.data!.linkCard.id;
  });
  afterAll(() => graph.close());

  it("reads another customer's wallet, account and funding source as NOT_FOUND", async () => {
    const wallet = await graph.gql(
      `query ($id: ID!) { wallet(id: $id) { id balance { amount } } }`,
      { id: aliceWalletId },
      bob.token,
    );
    expect(errorCodes(wallet)).toEqual(['NOT_FOUND']);
    expect(wallet.data?.wallet ?? null).toBeNull();

    const account = await graph.gql(
      `query ($id: ID!) { account(id: $id) { id email } }`,
      { id: alice.accountId },
      bob.token,
    );
    expect(errorCodes(account)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(account)).not.toContain(alice.email);

    const unlink = await graph.gql(
      `mutation ($id: ID!) { unlinkFundingSource(id: $id) { id } }`,
      { id: aliceCardId },
      bob.token,
    );
    expect(errorCodes(unlink)).toEqual(['NOT_FOUND']);

    const mine = await graph.gql<{ wallet: { id: string } }>(
      `query ($id: ID!) { wallet(id: $id) { id } }`,
      { id: aliceWalletId },
      alice.token,
    );
    expect(mine.data!.wallet.id).toBe(aliceWalletId);
  });

  it('lets a partner see an account only while the holder grants access', async () => {
    const registered = await graph.gql<{
      registerPartnerApp: { app: { id: string }; clientId: string; clientSecret: string };
    }>(
      `mutation ($input: RegisterPartnerAppInput!) { registerPartnerApp(input: $input) { app { id name scopes } clientId clientSecret } }`,
      { input: { name: 'Budget Buddy', scopes: ['accounts:read', 'payments:read'] } },
      bob.token,
    );
    expect(registered.errors).toBeUndefined();
    const { app, clientId, clientSecret } = registered.data!.registerPartnerApp;
    const partnerToken = await graph.gql<{ partnerToken: string }>(
      `mutation ($clientId: String!, $clientSecret: String!) { partnerToken(clientId: $clientId, clientSecret: $clientSecret) }`,
      { clientId, clientSecret },
    );
    const token = partnerToken.data!.partnerToken;
    const read = () =>
      graph.gql<{ account: { id: string; wallets: { id: string }[] } }>(
        `query ($id: ID!) { account(id: $id) { id wallets { id } } }`,
        { id: alice.accountId },
        token,
      );

    const before = await read();
    expect(errorCodes(before)).toEqual(['NOT_FOUND']);
    expect(before.data?.account ?? null).toBeNull();

    const granted = await graph.gql(
      `mutation ($id: ID!, $scopes: [String!]!) { grantPartnerAccess(partnerAppId: $id, scopes: $scopes) { id } }`,
      { id: app.id, scopes: ['accounts:read'] },
      alice.token,
    );
    expect(granted.errors).toBeUndefined();
    const during = await read();
    expect(during.errors).toBeUndefined();
    expect(during.data!.account).toEqual({ id: alice.accountId, wallets: [{ id: aliceWalletId }] });

    await graph.gql(
      `mutation ($id: ID!) { revokePartnerAccess(partnerAppId: $id) }`,
      { id: app.id },
      alice.token,
    );
    expect(errorCodes(await read())).toEqual(['NOT_FOUND']);

    const wrongSecret = await graph.gql(
      `mutation ($clientId: String!) { partnerToken(clientId: $clientId, clientSecret: "wrong") }`,
      { clientId },
    );
    expect(errorCodes(wrongSecret)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses analyst-only mutations to a customer and to nobody', async () => {
    const freeze = `mutation ($id: ID!) { freezeAccount(accountId: $id, reason: "test") { id status } }`;
    expect(errorCodes(await graph.gql(freeze, { id: alice.accountId }, bob.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await graph.gql(freeze, { id: alice.accountId }))).toEqual(['UNAUTHENTICATED']);
    const unfreeze = `mutation ($id: ID!) { unfreezeAccount(accountId: $id) { id } }`;
    expect(errorCodes(await graph.gql(unfreeze, { id: alice.accountId }, alice.token))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses a forged or expired token before any subgraph is asked', async () => {
    const forged = await graph.gql(`{ me { id } }`, {}, `${alice.token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(errorCodes(forged)).toEqual(['UNAUTHENTICATED']);
  });
});
