import { useStarted } from '../../../test/support/lifecycle';
import { newId } from '../../../platform/ids';
import { Money } from '../../../platform/money';
import { LedgerAccount } from '../store/ledger-account.entity';
import { insertWallet, startTestLedger } from '../testing/wallets';

const t = useStarted(startTestLedger);

const eur = (minor: bigint) => Money.ofMinor(minor, 'EUR');

async function walletWith(minor: bigint): Promise<string> {
  const walletId = await insertWallet(t.db, 'EUR');
  await t.ledger.transfer({
    transferId: newId(),
    debit: { system: 'FUNDING' },
    credit: { walletId },
    amount: eur(minor),
    paymentId: null,
  });
  return walletId;
}

it(`50 concurrent holds of 10.00 on 200.00 place exactly 20 (${process.env.TEST_DB ?? 'sqlite'})`, async () => {
  const walletId = await walletWith(20_000n);
  const outcomes = await Promise.all(
    Array.from({ length: 50 }, () =>
      t.ledger.placeHold({ holdId: newId(), walletId, amount: eur(1_000n), paymentId: null }),
    ),
  );
  expect(outcomes.filter((o) => o.outcome === 'PLACED')).toHaveLength(20);
  expect(outcomes.filter((o) => o.outcome === 'REJECTED' && o.reason === 'INSUFFICIENT_FUNDS')).toHaveLength(
    30,
  );
  const wallet = await t.db.fork().findOneOrFail(LedgerAccount, { id: walletId });
  expect([wallet.posted, wallet.pending]).toEqual([20_000n, 20_000n]);
});

it('the same hold id sent 10 times at once places one hold', async () => {
  const walletId = await walletWith(5_000n);
  const command = { holdId: newId(), walletId, amount: eur(1_000n), paymentId: 'p' };
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => t.ledger.placeHold(command)));
  expect(outcomes.every((o) => o.outcome === 'PLACED')).toBe(true);
  expect((await t.db.fork().findOneOrFail(LedgerAccount, { id: walletId })).pending).toBe(1_000n);
});

it('holds sent together with a replay and a hold under a voided id: the new ones placed, nothing reserved twice', async () => {
  const walletId = await walletWith(10_000n);
  const placed = { holdId: newId(), walletId, amount: eur(1_000n), paymentId: null };
  await t.ledger.placeHold(placed);
  const voided = { holdId: newId(), walletId, amount: eur(1_000n), paymentId: null };
  await t.ledger.voidHold(voided.holdId);
  const fresh = Array.from({ length: 5 }, () => ({
    holdId: newId(),
    walletId,
    amount: eur(1_000n),
    paymentId: null,
  }));
  const outcomes = await Promise.all(
    [placed, ...fresh, voided].map((command) => t.ledger.placeHold(command)),
  );
  expect(outcomes.map((o) => o.outcome)).toEqual([...Array(6).fill('PLACED'), 'REJECTED']);
  expect(outcomes.at(-1)).toMatchObject({ reason: 'HOLD_VOIDED' });
  expect((await t.db.fork().findOneOrFail(LedgerAccount, { id: walletId })).pending).toBe(6_000n);
});

it('transfers both ways between two wallets at once neither deadlock nor lose money', async () => {
  const a = await walletWith(10_000n);
  const b = await walletWith(10_000n);
  const moves = Array.from({ length: 40 }, (_, i) =>
    t.ledger.transfer({
      transferId: newId(),
      debit: { walletId: i % 2 ? a : b },
      credit: { walletId: i % 2 ? b : a },
      amount: eur(100n),
      paymentId: null,
    }),
  );
  const outcomes = await Promise.all(moves);
  expect(outcomes.every((o) => o.outcome === 'POSTED')).toBe(true);
  const em = t.db.fork();
  const [wa, wb] = [
    await em.findOneOrFail(LedgerAccount, { id: a }),
    await em.findOneOrFail(LedgerAccount, { id: b }),
  ];
  expect([wa.posted, wb.posted]).toEqual([10_000n, 10_000n]);
});

it('transfers sent together with a replay, one short of funds and one under a voided id: only the new funded ones move', async () => {
  const from = await walletWith(5_000n);
  const to = await insertWallet(t.db, 'EUR');
  const move = (minor: bigint) => ({
    transferId: newId(),
    debit: { walletId: from },
    credit: { walletId: to },
    amount: eur(minor),
    paymentId: null,
  });
  const replayed = move(1_000n);
  await t.ledger.transfer(replayed);
  const voided = move(1_000n);
  await t.ledger.voidHold(voided.transferId);
  const fresh = Array.from({ length: 3 }, () => move(1_000n));
  const short = move(2_000n);
  const outcomes = await Promise.all(
    [replayed, ...fresh, short, voided].map((command) => t.ledger.transfer(command)),
  );
  expect(outcomes.map((o) => (o.outcome === 'REJECTED' ? o.reason : o.outcome))).toEqual([
    'POSTED',
    'POSTED',
    'POSTED',
    'POSTED',
    'INSUFFICIENT_FUNDS',
    'HOLD_VOIDED',
  ]);
  const em = t.db.fork();
  const [a, b] = [
    await em.findOneOrFail(LedgerAccount, { id: from }),
    await em.findOneOrFail(LedgerAccount, { id: to }),
  ];
  expect([a.posted, b.posted]).toEqual([1_000n, 4_000n]);
});
