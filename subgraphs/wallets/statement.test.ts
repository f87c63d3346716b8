import { randomUUID } from 'node:crypto';
import { publishEvent, redeliver } from '../../test/support/events';
import { errorCodes as codes } from '../../test/support/gql';
import { AccountEvents } from '../accounts/contract';
import { WalletCommands } from './contract';
import { startTestWallets, type TestWallets } from './testing/wallets';

let wallets: TestWallets;

beforeAll(async () => {
  wallets = await startTestWallets();
});

afterAll(() => wallets?.close());

const OPEN = `mutation Open($currency: String!) { openWallet(input: { currency: $currency }) { id } }`;

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
    const owner = await wallets.customer();
    const friend = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    const friendWallet = await wallets.openWallet(friend.token);
    await wallets.fund(walletId, '10000');
    const holdId = randomUUID();
    const paymentId = randomUUID();
    expect(
      await wallets.bus.request(WalletCommands.placeHold, {
        holdId,
        walletId,
        amountMinor: '2550',
        currency: 'EUR',
        paymentId,
      }),
    ).toEqual({
      holdId,
      outcome: 'PLACED',
    });
    const held = await wallets.gql<Statement>(ENTRIES, { id: walletId }, owner.token);
    expect(held.data?.wallet).toMatchObject({
      balance: { amount: '100.00' },
      availableBalance: { amount: '74.50' },
    });
    await wallets.bus.request(WalletCommands.postHold, { holdId, credit: { walletId: friendWallet } });

    const first = await wallets.gql<Statement>(ENTRIES, { id: walletId, first: 1 }, owner.token);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.wallet;
    expect(page1).toMatchObject({ balance: { amount: '74.50' }, availableBalance: { amount: '74.50' } });
    expect(page1.entries.edges.map((e) => e.node)).toMatchObject([
      { direction: 'DEBIT', amount: { amount: '25.50' }, balanceAfter: { amount: '74.50' }, paymentId },
    ]);
    expect(page1.entries.pageInfo.hasNextPage).toBe(true);
    const second = await wallets.gql<Statement>(
      ENTRIES,
      { id: walletId, first: 5, after: page1.entries.pageInfo.endCursor },
      owner.token,
    );
    const page2 = second.data!.wallet.entries;
    expect(
      page2.edges.map((e) => [e.node.direction, e.node.amount.amount, e.node.balanceAfter.amount]),
    ).toEqual([['CREDIT', '100.00', '100.00']]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const friendView = await wallets.gql<Statement>(ENTRIES, { id: friendWallet }, friend.token);
    expect(
      friendView.data?.wallet.entries.edges.map((e) => [e.node.direction, e.node.amount.amount]),
    ).toEqual([['CREDIT', '25.50']]);
    expect(codes(await wallets.gql(ENTRIES, { id: walletId, after: 'garbage' }, owner.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
  it('lists more than ten entries newest first, by their sequence as a number', async () => {
    const owner = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    for (let n = 1; n <= 12; n++) await wallets.fund(walletId, String(n * 100));
    const page = await wallets.gql<Statement>(ENTRIES, { id: walletId, first: 12 }, owner.token);
    expect(page.data!.wallet.entries.edges.map((e) => e.node.amount.amount)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${12 - i}.00`),
    );
  });
});

describe('account status events', () => {
  it('a frozen account freezes its wallets: holds are REJECTED until it is unfrozen', async () => {
    const owner = await wallets.customer();
    const walletId = await wallets.openWallet(owner.token);
    await wallets.fund(walletId, '5000');
    const frozen = await publishEvent(wallets.bus, 'accounts', AccountEvents.frozen, {
      accountId: owner.accountId,
      reason: 'test',
    });
    await redeliver(wallets.bus, frozen); // processed once
    await wallets.drain();
    const status = `query($id: ID!) { wallet(id: $id) { status } }`;
    expect(
      (await wallets.gql<{ wallet: { status: string } }>(status, { id: walletId }, owner.token)).data?.wallet
        .status,
    ).toBe('FROZEN');
    const hold = {
      holdId: randomUUID(),
      walletId,
      amountMinor: '100',
      currency: 'EUR',
      paymentId: randomUUID(),
    };
    expect(await wallets.bus.request(WalletCommands.placeHold, hold)).toMatchObject({
      outcome: 'REJECTED',
      reason: 'WALLET_FROZEN',
    });
    expect(codes(await wallets.gql(OPEN, { currency: 'CHF' }, owner.token))).toEqual(['FORBIDDEN']);

    await publishEvent(wallets.bus, 'accounts', AccountEvents.unfrozen, { accountId: owner.accountId });
    await wallets.drain();
    expect(
      (await wallets.gql<{ wallet: { status: string } }>(status, { id: walletId }, owner.token)).data?.wallet
        .status,
    ).toBe('ACTIVE');
    expect(
      await wallets.bus.request(WalletCommands.placeHold, { ...hold, holdId: randomUUID() }),
    ).toMatchObject({
      outcome: 'PLACED',
    });
  });
});
