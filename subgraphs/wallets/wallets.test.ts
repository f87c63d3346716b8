import { newId } from '../../platform/ids';
import { errorCodes as codes } from '../../test/support/gql';
import { WalletEvents } from './contract';
import { startTestWallets, type TestWallets } from './testing/wallets';

let wallets: TestWallets;

beforeAll(async () => {
  wallets = await startTestWallets();
});

afterAll(() => wallets?.close());

const OPEN = `mutation Open($currency: String!) {
  openWallet(input: { currency: $currency }) {
    id currency status owner { id } balance { amount currency } availableBalance { amount currency } createdAt
  }
}`;
const WALLET = `query Wallet($id: ID!) { wallet(id: $id) { id currency balance { amount } } }`;

type Opened = { openWallet: { id: string; currency: string; status: string; owner: { id: string } } };

describe('openWallet', () => {
  it('a customer opens an empty EUR wallet and wallet.opened is published', async () => {
    const { accountId, token } = await wallets.customer();
    const response = await wallets.gql<Opened>(OPEN, { currency: 'EUR' }, token);
    expect(response.errors).toBeUndefined();
    const wallet = response.data!.openWallet;
    expect(wallet).toMatchObject({
      currency: 'EUR',
      status: 'ACTIVE',
      owner: { id: accountId },
      balance: { amount: '0.00', currency: 'EUR' },
      availableBalance: { amount: '0.00', currency: 'EUR' },
    });
    const opened = await wallets.events.waitFor(WalletEvents.opened, (data) => data.walletId === wallet.id);
    expect(opened.data).toEqual({ walletId: wallet.id, accountId, currency: 'EUR' });
  });

  it('a second wallet in the same currency is a CONFLICT', async () => {
    const { token } = await wallets.customer();
    await wallets.openWallet(token, 'JPY');
    expect(codes(await wallets.gql(OPEN, { currency: 'JPY' }, token))).toEqual(['CONFLICT']);
  });

  it('concurrent opens in one currency create one wallet', async () => {
    const { accountId, token } = await wallets.customer();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => wallets.gql<Opened>(OPEN, { currency: 'GBP' }, token)),
    );
    expect(responses.filter((r) => r.data?.openWallet)).toHaveLength(1);
    expect(responses.flatMap(codes)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    const entities = await wallets.gql<{ _entities: { wallets: { currency: string }[] }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { wallets { currency } } } }`,
      { r: [{ __typename: 'Account', id: accountId }] },
      token,
    );
    expect(entities.data!._entities[0].wallets).toEqual([{ currency: 'GBP' }]);
  });

  it('an unknown or unsupported currency is BAD_USER_INPUT on input.currency', async () => {
    const { token } = await wallets.customer();
    for (const currency of ['XYZ', 'AUD', 'eur']) {
      const response = await wallets.gql(OPEN, { currency }, token);
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.currency',
      });
    }
  });

  it('signed out is UNAUTHENTICATED; a frozen account is FORBIDDEN', async () => {
    expect(codes(await wallets.gql(OPEN, { currency: 'EUR' }))).toEqual(['UNAUTHENTICATED']);
    const { accountId, token } = await wallets.customer();
    wallets.accountStatuses.set(accountId, 'FROZEN');
    expect(codes(await wallets.gql(OPEN, { currency: 'EUR' }, token))).toEqual(['FORBIDDEN']);
  });
});

describe('reading wallets', () => {
  it("another customer's wallet and a malformed id read as NOT_FOUND", async () => {
    const owner = await wallets.customer();
    const stranger = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    expect(
      (await wallets.gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, owner.token)).data?.wallet.id,
    ).toBe(walletId);
    expect(codes(await wallets.gql(WALLET, { id: walletId }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(codes(await wallets.gql(WALLET, { id: walletId }))).toEqual(['NOT_FOUND']);
    expect(codes(await wallets.gql(WALLET, { id: 'not-an-id' }, owner.token))).toEqual(['NOT_FOUND']);
  });

  it('an ANALYST reads any wallet; a partner app only with accounts:read consent', async () => {
    const owner = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    const analyst = await wallets.tokens.signAccount(newId(), ['ANALYST']);
    expect(
      (await wallets.gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, analyst)).data?.wallet.id,
    ).toBe(walletId);
    const appId = newId();
    const partner = await wallets.tokens.signPartner(appId, ['accounts:read']);
    expect(codes(await wallets.gql(WALLET, { id: walletId }, partner))).toEqual(['NOT_FOUND']);
    wallets.consents.set(`${appId}:${owner.accountId}`, ['accounts:read']);
    expect(
      (await wallets.gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, partner)).data?.wallet.id,
    ).toBe(walletId);
  });

  it('Wallet references resolve for the owner and to null for anyone else', async () => {
    const owner = await wallets.customer();
    const stranger = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { id currency } } }`;
    const r = [
      { __typename: 'Wallet', id: walletId },
      { __typename: 'Wallet', id: 'bogus' },
    ];
    expect((await wallets.gql<{ _entities: unknown[] }>(query, { r }, owner.token)).data?._entities).toEqual([
      { id: walletId, currency: 'EUR' },
      null,
    ]);
    expect(
      (await wallets.gql<{ _entities: unknown[] }>(query, { r }, stranger.token)).data?._entities,
    ).toEqual([null, null]);
  });

  it("Account.wallets lists the account's wallets for itself and nothing for a stranger", async () => {
    const owner = await wallets.customer();
    const stranger = await wallets.customer();
    await wallets.openWallet(owner.token, 'EUR');
    await wallets.openWallet(owner.token, 'USD');
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id wallets { currency } } } }`;
    const r = [{ __typename: 'Account', id: owner.accountId }];
    const own = await wallets.gql<{ _entities: { wallets: { currency: string }[] }[] }>(
      query,
      { r },
      owner.token,
    );
    expect(own.data?._entities[0].wallets.map((w) => w.currency)).toEqual(['EUR', 'USD']);
    const other = await wallets.gql<{ _entities: { wallets: unknown[] }[] }>(query, { r }, stranger.token);
    expect(other.data?._entities[0].wallets).toEqual([]);
  });
});
