import fc from 'fast-check';
import type { Database } from '../../../platform/database';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { Money } from '../../../platform/money';
import { LedgerAccount, LedgerEntry, Transfer } from '../entities';
import { insertWallet, openTestDatabase } from '../testing';
import { Ledger } from './ledger';
import type { LedgerSide } from './ledger.types';

let db: Database;
let ledger: Ledger;

beforeAll(async () => {
  db = await openTestDatabase();
  ledger = new Ledger(db.fork, db.dialect);
});
afterAll(() => db.close());

const eur = (minor: bigint) => Money.ofMinor(minor, 'EUR');

async function fundedWallet(minor: bigint, currency = 'EUR'): Promise<string> {
  const walletId = await insertWallet(db, currency);
  if (minor > 0n) {
    await ledger.transfer({
      transferId: newId(),
      debit: { system: 'FUNDING' },
      credit: { walletId },
      amount: Money.ofMinor(minor, currency),
      paymentId: null,
    });
  }
  return walletId;
}

async function walletRow(id: string): Promise<LedgerAccount> {
  return (await db.fork().findOne(LedgerAccount, { id }))!;
}

describe('holds', () => {
  it('a hold reserves money: the available balance drops, the balance does not', async () => {
    const walletId = await fundedWallet(10_000n);
    const outcome = await ledger.placeHold({
      holdId: newId(),
      walletId,
      amount: eur(2_500n),
      paymentId: 'p-1',
    });
    expect(outcome.outcome).toBe('PLACED');
    const wallet = await walletRow(walletId);
    expect([wallet.posted, wallet.pending]).toEqual([10_000n, 2_500n]);
  });

  it('a hold larger than the available balance is REJECTED with INSUFFICIENT_FUNDS and remembered', async () => {
    const walletId = await fundedWallet(1_000n);
    const command = { holdId: newId(), walletId, amount: eur(1_001n), paymentId: 'p-2' };
    expect(await ledger.placeHold(command)).toEqual({
      holdId: command.holdId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    await ledger.transfer({
      transferId: newId(),
      debit: { system: 'FUNDING' },
      credit: { walletId },
      amount: eur(5_000n),
      paymentId: null,
    });
    // Funds arrived since, but a replay answers what the first request was told.
    expect((await ledger.placeHold(command)).outcome).toBe('REJECTED');
    expect((await walletRow(walletId)).pending).toBe(0n);
    await expect(ledger.placeHold({ ...command, amount: eur(10n) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('frozen and closed wallets refuse holds with their reason', async () => {
    const frozen = await insertWallet(db, 'EUR', { status: 'FROZEN' });
    const closed = await insertWallet(db, 'EUR', { status: 'CLOSED' });
    const frozenOutcome = await ledger.placeHold({
      holdId: newId(),
      walletId: frozen,
      amount: eur(1n),
      paymentId: null,
    });
    const closedOutcome = await ledger.placeHold({
      holdId: newId(),
      walletId: closed,
      amount: eur(1n),
      paymentId: null,
    });
    expect(frozenOutcome).toMatchObject({ outcome: 'REJECTED', reason: 'WALLET_FROZEN' });
    expect(closedOutcome).toMatchObject({ outcome: 'REJECTED', reason: 'WALLET_CLOSED' });
  });

  it('a hold on a missing wallet is NOT_FOUND and one in another currency is BAD_USER_INPUT', async () => {
    const walletId = await fundedWallet(100n);
    await expect(
      ledger.placeHold({ holdId: newId(), walletId: newId(), amount: eur(1n), paymentId: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      ledger.placeHold({ holdId: newId(), walletId, amount: Money.ofMinor(1n, 'USD'), paymentId: null }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('posting moves the held money to the destination with balanced entries; replays change nothing', async () => {
    const from = await fundedWallet(10_000n);
    const to = await fundedWallet(0n);
    const holdId = newId();
    await ledger.placeHold({ holdId, walletId: from, amount: eur(3_000n), paymentId: 'p-3' });
    expect(await ledger.postHold({ holdId, credit: { walletId: to } })).toEqual({
      holdId,
      outcome: 'POSTED',
    });
    expect(await ledger.postHold({ holdId, credit: { walletId: to } })).toEqual({
      holdId,
      outcome: 'POSTED',
    });
    await expect(ledger.postHold({ holdId, credit: { system: 'SETTLEMENT' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(ledger.voidHold(holdId)).rejects.toMatchObject({ code: 'CONFLICT' });
    const [source, destination] = [await walletRow(from), await walletRow(to)];
    expect([source.posted, source.pending]).toEqual([7_000n, 0n]);
    expect(destination.posted).toBe(3_000n);
    const entries = await db
      .fork()
      .find(LedgerEntry, { transferId: holdId }, { orderBy: { direction: 'asc' } });
    expect(entries.map((e) => [e.direction, e.amount, e.balanceAfter, e.paymentId])).toEqual([
      ['CREDIT', 3_000n, 3_000n, 'p-3'],
      ['DEBIT', 3_000n, 7_000n, 'p-3'],
    ]);
    expect(await ledger.getHold(holdId)).toMatchObject({
      status: 'POSTED',
      amountMinor: '3000',
      walletId: from,
    });
  });

  it('posting across currencies goes through the FX account of each currency', async () => {
    const from = await fundedWallet(10_000n);
    const to = await fundedWallet(0n, 'JPY');
    const holdId = newId();
    await ledger.placeHold({ holdId, walletId: from, amount: eur(1_000n), paymentId: 'p-fx' });
    await ledger.postHold({ holdId, credit: { walletId: to }, credited: Money.ofMinor(1_620n, 'JPY') });
    expect((await walletRow(to)).posted).toBe(1_620n);
    const entries = await db.fork().find(LedgerEntry, { transferId: holdId });
    expect(entries).toHaveLength(4);
    for (const currency of ['EUR', 'JPY']) {
      const net = entries
        .filter((e) => e.currency === currency)
        .reduce((sum, e) => sum + (e.direction === 'CREDIT' ? e.amount : -e.amount), 0n);
      expect(net).toBe(0n);
    }
  });

  it('voiding releases the hold, is idempotent, and a voided hold cannot be posted', async () => {
    const walletId = await fundedWallet(5_000n);
    const holdId = newId();
    await ledger.placeHold({ holdId, walletId, amount: eur(5_000n), paymentId: null });
    expect(await ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
    expect(await ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
    await expect(ledger.postHold({ holdId, credit: { system: 'SETTLEMENT' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await walletRow(walletId)).pending).toBe(0n);
    expect((await ledger.getHold(holdId)).status).toBe('VOIDED');
    await expect(ledger.voidHold(newId())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('transfers', () => {
  it('a transfer from a wallet short of funds is REJECTED and moves nothing', async () => {
    const from = await fundedWallet(500n);
    const to = await fundedWallet(0n);
    const transferId = newId();
    const request = {
      transferId,
      debit: { walletId: from },
      credit: { walletId: to },
      amount: eur(501n),
      paymentId: null,
    };
    expect(await ledger.transfer(request)).toEqual({
      transferId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await ledger.transfer(request)).toEqual({
      transferId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect([(await walletRow(from)).posted, (await walletRow(to)).posted]).toEqual([500n, 0n]);
    expect(await db.fork().count(LedgerEntry, { transferId })).toBe(0);
  });

  it('the same transfer id with other parameters is a CONFLICT', async () => {
    const to = await fundedWallet(0n);
    const request = {
      transferId: newId(),
      debit: { system: 'REWARDS' } as LedgerSide,
      credit: { walletId: to },
      amount: eur(150n),
      paymentId: 'cashback-1',
    };
    expect((await ledger.transfer(request)).outcome).toBe('POSTED');
    await expect(ledger.transfer({ ...request, amount: eur(151n) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await walletRow(to)).posted).toBe(150n);
  });
});

// ---- Properties over random command sequences ----------------------------------------------

type Step =
  | { kind: 'place'; hold: number; wallet: number; amount: number }
  | { kind: 'post'; hold: number; credit: number; fx: boolean }
  | { kind: 'void'; hold: number }
  | { kind: 'transfer'; id: number; debit: number; credit: number; amount: number }
  | { kind: 'replay'; index: number };

/** Index 0..2 are wallets (EUR, EUR, USD); 3 and 4 are FUNDING and SETTLEMENT. */
const party = fc.integer({ min: 0, max: 4 });
const amount = fc.integer({ min: 1, max: 6_000 });
const hold = fc.integer({ min: 0, max: 5 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      hold,
      wallet: fc.integer({ min: 0, max: 2 }),
      amount,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('post' as const), hold, credit: party, fx: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), hold }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      id: fc.integer({ min: 0, max: 5 }),
      debit: party,
      credit: party,
      amount,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), index: fc.nat() }) },
);

type Outcome = { ok: unknown } | { error: string };

async function outcomeOf(work: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await work };
  } catch (error) {
    if (error instanceof AppError) return { error: error.code };
    throw error;
  }
}

async function snapshot(): Promise<string> {
  const em = db.fork();
  const accounts = await em.find(LedgerAccount, {}, { orderBy: { id: 'asc' } });
  const entries = await em.count(LedgerEntry, {});
  return JSON.stringify([
    accounts.map((a) => [a.id, String(a.posted), String(a.pending), String(a.lastSeq)]),
    entries,
  ]);
}

async function checkInvariants(): Promise<void> {
  const em = db.fork();
  const accounts = await em.find(LedgerAccount, {});
  const entries = await em.find(LedgerEntry, {}, { orderBy: { seq: 'asc' } });
  const holds = await em.find(Transfer, { kind: 'HOLD', status: 'PENDING' });
  const signed = (e: LedgerEntry) => (e.direction === 'CREDIT' ? e.amount : -e.amount);
  // Every transfer balances in every currency, and so does the whole ledger.
  const net = new Map<string, bigint>();
  for (const e of entries)
    net.set(`${e.transferId}/${e.currency}`, (net.get(`${e.transferId}/${e.currency}`) ?? 0n) + signed(e));
  for (const [key, sum] of net) expect([key, sum]).toEqual([key, 0n]);
  const perCurrency = new Map<string, bigint>();
  for (const a of accounts) perCurrency.set(a.currency, (perCurrency.get(a.currency) ?? 0n) + a.posted);
  for (const sum of perCurrency.values()) expect(sum).toBe(0n);
  for (const account of accounts) {
    const own = entries.filter((e) => e.ledgerAccountId === account.id);
    // The balance is the sum of the account's entries, each entry's balanceAfter the running sum.
    let running = 0n;
    own.forEach((e, i) => {
      running += signed(e);
      expect(e.balanceAfter).toBe(running);
      expect(e.seq).toBe(BigInt(i + 1));
    });
    expect(account.posted).toBe(running);
    expect(account.lastSeq).toBe(BigInt(own.length));
    if (account.kind === 'WALLET') {
      expect(account.posted - account.pending >= 0n).toBe(true);
      const pending = holds.filter((h) => h.debitWalletId === account.id).reduce((s, h) => s + h.amount, 0n);
      expect(account.pending).toBe(pending);
    }
  }
}

it('random holds, posts, voids and transfers keep the ledger balanced, never overdraw, and replays change nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), async (steps) => {
      const run = newId();
      const wallets = [
        await fundedWallet(8_000n),
        await fundedWallet(2_000n),
        await fundedWallet(5_000n, 'USD'),
      ];
      const currencyOf = (i: number) => (i === 2 ? 'USD' : 'EUR');
      const side = (i: number): LedgerSide =>
        i < 3 ? { walletId: wallets[i] } : { system: i === 3 ? 'FUNDING' : 'SETTLEMENT' };
      const history: { run: () => Promise<unknown>; first: Outcome }[] = [];
      for (const s of steps) {
        let command: () => Promise<unknown>;
        if (s.kind === 'replay') {
          const done = history.filter((h) => 'ok' in h.first);
          if (!done.length) continue;
          const previous = done[s.index % done.length];
          const before = await snapshot();
          expect(await outcomeOf(previous.run())).toEqual(previous.first);
          expect(await snapshot()).toBe(before);
          continue;
        }
        if (s.kind === 'place') {
          const holdId = `${run}-h${s.hold}`;
          const money = Money.ofMinor(BigInt(s.amount), currencyOf(s.wallet));
          command = () =>
            ledger.placeHold({ holdId, walletId: wallets[s.wallet], amount: money, paymentId: null });
        } else if (s.kind === 'post') {
          const holdId = `${run}-h${s.hold}`;
          const credited = s.fx ? Money.ofMinor(777n, 'JPY') : undefined;
          command = () =>
            ledger.postHold({ holdId, credit: s.fx ? { system: 'SETTLEMENT' } : side(s.credit), credited });
        } else if (s.kind === 'void') {
          command = () => ledger.voidHold(`${run}-h${s.hold}`);
        } else {
          const currency = s.debit < 3 ? currencyOf(s.debit) : s.credit < 3 ? currencyOf(s.credit) : 'EUR';
          const money = Money.ofMinor(BigInt(s.amount), currency);
          const transferId = `${run}-t${s.id}`;
          command = () =>
            ledger.transfer({
              transferId,
              debit: side(s.debit),
              credit: side(s.credit),
              amount: money,
              paymentId: 'x',
            });
        }
        const first = await outcomeOf(command());
        history.push({ run: command, first });
      }
      await checkInvariants();
    }),
    { numRuns: 30 },
  );
});
