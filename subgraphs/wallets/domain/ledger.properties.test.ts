import { useStarted } from '../../../test/support/lifecycle';
import fc from 'fast-check';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { Money } from '../../../platform/money';
import { LedgerAccount } from '../store/ledger-account.entity';
import { LedgerEntry } from '../store/ledger-entry.entity';
import { Transfer } from '../store/transfer.entity';
import { startTestLedger } from '../testing/wallets';
import type { LedgerSide } from '../contract';

const t = useStarted(startTestLedger);

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
  const em = t.db.fork();
  const accounts = await em.find(LedgerAccount, {}, { orderBy: { id: 'asc' } });
  const entries = await em.count(LedgerEntry, {});
  return JSON.stringify([
    accounts.map((a) => [a.id, String(a.posted), String(a.pending), String(a.lastSeq)]),
    entries,
  ]);
}

async function checkInvariants(): Promise<void> {
  const em = t.db.fork();
  const accounts = await em.find(LedgerAccount, {});
  const entries = await em.find(LedgerEntry, {}, { orderBy: { seq: 'asc' } });
  const holds = await em.find(Transfer, { kind: 'HOLD', status: 'PENDING' });
  const signed = (e: LedgerEntry) => (e.direction === 'CREDIT' ? e.amount : -e.amount);
  // Every transfer balances in every currency, and so does the whole t.ledger.
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
        await t.fundedWallet(8_000n),
        await t.fundedWallet(2_000n),
        await t.fundedWallet(5_000n, 'USD'),
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
            t.ledger.placeHold({ holdId, walletId: wallets[s.wallet], amount: money, paymentId: null });
        } else if (s.kind === 'post') {
          const holdId = `${run}-h${s.hold}`;
          const credited = s.fx ? Money.ofMinor(777n, 'JPY') : undefined;
          command = () =>
            t.ledger.postHold({ holdId, credit: s.fx ? { system: 'SETTLEMENT' } : side(s.credit), credited });
        } else if (s.kind === 'void') {
          command = () => t.ledger.voidHold(`${run}-h${s.hold}`);
        } else {
          const currency = s.debit < 3 ? currencyOf(s.debit) : s.credit < 3 ? currencyOf(s.credit) : 'EUR';
          const money = Money.ofMinor(BigInt(s.amount), currency);
          const transferId = `${run}-t${s.id}`;
          command = () =>
            t.ledger.transfer({
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
