import { randomUUID } from 'node:crypto';
import { InProcessBus, type EventEnvelope } from '../../platform/bus';
import { loadSigningKeys, Tokens } from '../../platform/auth';
import { systemClock } from '../../platform/clock';
import { createLogger } from '../../platform/logger';
import { newId } from '../../platform/ids';
import type { RunningService } from '../../platform/subgraph';
import { getAccount, partnerAccess, placeHold, postHold, transfer, type WalletOpened } from './events';
import { testConfig } from './testing';
import { start } from './index';

interface Response<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

let service: RunningService;
let bus: InProcessBus;
let tokens: Tokens;
let cleanup: () => Promise<void>;
/** Accounts' side of the bus, played by the test: statuses and partner consents. */
const accountStatuses = new Map<string, 'ACTIVE' | 'FROZEN' | 'CLOSED'>();
const consents = new Map<string, string[]>();
const openedEvents: WalletOpened[] = [];
const openedWaiters: (() => void)[] = [];

/** Resolves once `wallet.opened` for the wallet has been seen, including before this call. */
function waitForOpened(walletId: string): Promise<WalletOpened> {
  return new Promise((resolve) => {
    const check = () => {
      const event = openedEvents.find((e) => e.walletId === walletId);
      if (event) resolve(event);
      else openedWaiters.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  const test = testConfig();
  cleanup = test.cleanup;
  const logger = createLogger(test.config.logLevel);
  bus = new InProcessBus(logger);
  tokens = new Tokens(await loadSigningKeys(test.config), test.config.jwt.issuer, 600);
  bus.handle(getAccount, async ({ accountId }) => ({
    accountId,
    status: accountStatuses.get(accountId) ?? 'ACTIVE',
    mfaEnabled: false,
    roles: ['CUSTOMER'],
  }));
  bus.handle(partnerAccess, async ({ partnerAppId, accountId }) => ({
    scopes: consents.get(`${partnerAppId}:${accountId}`) ?? [],
  }));
  bus.subscribe('wallet.opened', 'test', async (event) => {
    openedEvents.push((event as EventEnvelope<WalletOpened>).data);
    openedWaiters.splice(0).forEach((check) => check());
  });
  service = await start({ config: test.config, logger, bus, tokens, clock: systemClock }, { port: 0 });
});

afterAll(async () => {
  await service.close();
  await bus.close();
  await cleanup();
});

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Response<T>> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Response<T>;
}

const codes = (response: Response<unknown>) => (response.errors ?? []).map((e) => e.extensions?.code);

async function customer(): Promise<{ accountId: string; token: string }> {
  const accountId = newId();
  return { accountId, token: await tokens.signAccount(accountId, ['CUSTOMER']) };
}

const OPEN = `mutation Open($currency: String!) {
  openWallet(input: { currency: $currency }) {
    id currency status owner { id } balance { amount currency } availableBalance { amount currency } createdAt
  }
}`;
const WALLET = `query Wallet($id: ID!) { wallet(id: $id) { id currency balance { amount } } }`;

type Opened = { openWallet: { id: string; currency: string; status: string; owner: { id: string } } };

async function openWallet(token: string, currency = 'EUR'): Promise<string> {
  const response = await gql<Opened>(OPEN, { currency }, token);
  if (!response.data?.openWallet) throw new Error(JSON.stringify(response.errors));
  return response.data.openWallet.id;
}

async function topUp(walletId: string, amountMinor: string, currency = 'EUR'): Promise<void> {
  const reply = await bus.request(transfer, {
    transferId: randomUUID(),
    debit: { system: 'FUNDING' },
    credit: { walletId },
    amountMinor,
    currency,
    paymentId: randomUUID(),
  });
  expect(reply.outcome).toBe('POSTED');
}

describe('openWallet', () => {
  it('a customer opens an empty EUR wallet and wallet.opened is published', async () => {
    const { accountId, token } = await customer();
    const response = await gql<Opened>(OPEN, { currency: 'EUR' }, token);
    expect(response.errors).toBeUndefined();
    const wallet = response.data!.openWallet;
    expect(wallet).toMatchObject({
      currency: 'EUR',
      status: 'ACTIVE',
      owner: { id: accountId },
      balance: { amount: '0.00', currency: 'EUR' },
      availableBalance: { amount: '0.00', currency: 'EUR' },
    });
    expect(await waitForOpened(wallet.id)).toEqual({ walletId: wallet.id, accountId, currency: 'EUR' });
  });

  it('a second wallet in the same currency is a CONFLICT', async () => {
    const { token } = await customer();
    await openWallet(token, 'JPY');
    expect(codes(await gql(OPEN, { currency: 'JPY' }, token))).toEqual(['CONFLICT']);
  });

  it('concurrent opens in one currency create one wallet', async () => {
    const { accountId, token } = await customer();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => gql<Opened>(OPEN, { currency: 'GBP' }, token)),
    );
    expect(responses.filter((r) => r.data?.openWallet)).toHaveLength(1);
    expect(responses.flatMap(codes)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    const entities = await gql<{ _entities: { wallets: { currency: string }[] }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { wallets { currency } } } }`,
      { r: [{ __typename: 'Account', id: accountId }] },
      token,
    );
    expect(entities.data!._entities[0].wallets).toEqual([{ currency: 'GBP' }]);
  });

  it('an unknown or unsupported currency is BAD_USER_INPUT on input.currency', async () => {
    const { token } = await customer();
    for (const currency of ['XYZ', 'AUD', 'eur']) {
      const response = await gql(OPEN, { currency }, token);
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.currency',
      });
    }
  });

  it('signed out is UNAUTHENTICATED; a frozen account is FORBIDDEN', async () => {
    expect(codes(await gql(OPEN, { currency: 'EUR' }))).toEqual(['UNAUTHENTICATED']);
    const { accountId, token } = await customer();
    accountStatuses.set(accountId, 'FROZEN');
    expect(codes(await gql(OPEN, { currency: 'EUR' }, token))).toEqual(['FORBIDDEN']);
  });
});

describe('reading wallets', () => {
  it("another customer's wallet and a malformed id read as NOT_FOUND", async () => {
    const owner = await customer();
    const stranger = await customer();
    const walletId = await openWallet(owner.token);
    expect(
      (await gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, owner.token)).data?.wallet.id,
    ).toBe(walletId);
    expect(codes(await gql(WALLET, { id: walletId }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(WALLET, { id: walletId }))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(WALLET, { id: 'not-an-id' }, owner.token))).toEqual(['NOT_FOUND']);
  });

  it('an ANALYST reads any wallet; a partner app only with accounts:read consent', async () => {
    const owner = await customer();
    const walletId = await openWallet(owner.token);
    const analyst = await tokens.signAccount(newId(), ['ANALYST']);
    expect((await gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, analyst)).data?.wallet.id).toBe(
      walletId,
    );
    const appId = newId();
    const partner = await tokens.signPartner(appId, ['accounts:read']);
    expect(codes(await gql(WALLET, { id: walletId }, partner))).toEqual(['NOT_FOUND']);
    consents.set(`${appId}:${owner.accountId}`, ['accounts:read']);
    expect((await gql<{ wallet: { id: string } }>(WALLET, { id: walletId }, partner)).data?.wallet.id).toBe(
      walletId,
    );
  });

  it('Wallet references resolve for the owner and to null for anyone else', async () => {
    const owner = await customer();
    const stranger = await customer();
    const walletId = await openWallet(owner.token);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Wallet { id currency } } }`;
    const r = [
      { __typename: 'Wallet', id: walletId },
      { __typename: 'Wallet', id: 'bogus' },
    ];
    expect((await gql<{ _entities: unknown[] }>(query, { r }, owner.token)).data?._entities).toEqual([
      { id: walletId, currency: 'EUR' },
      null,
    ]);
    expect((await gql<{ _entities: unknown[] }>(query, { r }, stranger.token)).data?._entities).toEqual([
      null,
      null,
    ]);
  });

  it("Account.wallets lists the account's wallets for itself and nothing for a stranger", async () => {
    const owner = await customer();
    const stranger = await customer();
    await openWallet(owner.token, 'EUR');
    await openWallet(owner.token, 'USD');
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id wallets { currency } } } }`;
    const r = [{ __typename: 'Account', id: owner.accountId }];
    const own = await gql<{ _entities: { wallets: { currency: string }[] }[] }>(query, { r }, owner.token);
    expect(own.data?._entities[0].wallets.map((w) => w.currency)).toEqual(['EUR', 'USD']);
    const other = await gql<{ _entities: { wallets: unknown[] }[] }>(query, { r }, stranger.token);
    expect(other.data?._entities[0].wallets).toEqual([]);
  });
});

describe('the statement', () => {
  const ENTRIES = `query($id: ID!, $first: Int, $after: String) {
    wallet(id: $id) {
      balance { amount } availableBalance { amount }
      entries(first: $first, after: $after) {
        edges { cursor node { id direction amount { amount currency } balanceAfter { amount } paymentId createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;
  type Statement = {
    wallet: {
      balance: { amount: string };
      availableBalance: { amount: string };
      entries: {
        edges: {
          cursor: string;
          node: {
            direction: string;
            amount: { amount: string };
            balanceAfter: { amount: string };
            paymentId: string | null;
          };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };

  it('shows a top-up and a transfer newest first, paged with stable cursors', async () => {
    const owner = await customer();
    const friend = await customer();
    const walletId = await openWallet(owner.token);
    const friendWallet = await openWallet(friend.token);
    await topUp(walletId, '10000');
    const holdId = randomUUID();
    const paymentId = randomUUID();
    expect(
      await bus.request(placeHold, { holdId, walletId, amountMinor: '2550', currency: 'EUR', paymentId }),
    ).toEqual({
      holdId,
      outcome: 'PLACED',
    });
    const held = await gql<Statement>(ENTRIES, { id: walletId }, owner.token);
    expect(held.data?.wallet).toMatchObject({
      balance: { amount: '100.00' },
      availableBalance: { amount: '74.50' },
    });
    await bus.request(postHold, { holdId, credit: { walletId: friendWallet } });

    const first = await gql<Statement>(ENTRIES, { id: walletId, first: 1 }, owner.token);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.wallet;
    expect(page1).toMatchObject({ balance: { amount: '74.50' }, availableBalance: { amount: '74.50' } });
    expect(page1.entries.edges.map((e) => e.node)).toMatchObject([
      { direction: 'DEBIT', amount: { amount: '25.50' }, balanceAfter: { amount: '74.50' }, paymentId },
    ]);
    expect(page1.entries.pageInfo.hasNextPage).toBe(true);
    const second = await gql<Statement>(
      ENTRIES,
      { id: walletId, first: 5, after: page1.entries.pageInfo.endCursor },
      owner.token,
    );
    const page2 = second.data!.wallet.entries;
    expect(
      page2.edges.map((e) => [e.node.direction, e.node.amount.amount, e.node.balanceAfter.amount]),
    ).toEqual([['CREDIT', '100.00', '100.00']]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const friendView = await gql<Statement>(ENTRIES, { id: friendWallet }, friend.token);
    expect(
      friendView.data?.wallet.entries.edges.map((e) => [e.node.direction, e.node.amount.amount]),
    ).toEqual([['CREDIT', '25.50']]);
    expect(codes(await gql(ENTRIES, { id: walletId, after: 'garbage' }, owner.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('account status events', () => {
  it('a frozen account freezes its wallets: holds are REJECTED until it is unfrozen', async () => {
    const owner = await customer();
    const walletId = await openWallet(owner.token);
    await topUp(walletId, '5000');
    const event = (type: string) => ({
      id: randomUUID(),
      type,
      source: 'accounts',
      occurredAt: new Date().toISOString(),
      data: { accountId: owner.accountId, reason: 'test' },
    });
    const frozen = event('account.frozen');
    await bus.publish(frozen);
    await bus.publish(frozen); // redelivered: processed once
    await bus.drain();
    const status = `query($id: ID!) { wallet(id: $id) { status } }`;
    expect(
      (await gql<{ wallet: { status: string } }>(status, { id: walletId }, owner.token)).data?.wallet.status,
    ).toBe('FROZEN');
    const hold = {
      holdId: randomUUID(),
      walletId,
      amountMinor: '100',
      currency: 'EUR',
      paymentId: randomUUID(),
    };
    expect(await bus.request(placeHold, hold)).toMatchObject({
      outcome: 'REJECTED',
      reason: 'WALLET_FROZEN',
    });
    expect(codes(await gql(OPEN, { currency: 'CHF' }, owner.token))).toEqual(['FORBIDDEN']);

    await bus.publish(event('account.unfrozen'));
    await bus.drain();
    expect(
      (await gql<{ wallet: { status: string } }>(status, { id: walletId }, owner.token)).data?.wallet.status,
    ).toBe('ACTIVE');
    expect(await bus.request(placeHold, { ...hold, holdId: randomUUID() })).toMatchObject({
      outcome: 'PLACED',
    });
  });

  it('bus commands check their payloads: a malformed wallet id is NOT_FOUND, a bad amount BAD_USER_INPUT', async () => {
    const base = { holdId: randomUUID(), amountMinor: '100', currency: 'EUR', paymentId: 'p' };
    await expect(bus.request(placeHold, { ...base, walletId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      bus.request(placeHold, { ...base, walletId: newId(), amountMinor: '1.5' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
