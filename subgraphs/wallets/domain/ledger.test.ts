import { useStarted } from '../../../test/support/lifecycle';
import { newId } from '../../../platform/ids';
import { Money } from '../../../platform/money';
import { LedgerEntry } from '../store/ledger-entry.entity';
import { insertWallet, startTestLedger } from '../testing/wallets';
import type { LedgerSide } from '../contract';

const t = useStarted(startTestLedger);

const eur = (minor: bigint) => Money.ofMinor(minor, 'EUR');

describe('holds', () => {
  it('a hold reserves money: the available balance drops, the balance does not', async () => {
    const walletId = await t.fundedWallet(10_000n);
    const outcome = await t.ledger.placeHold({
      holdId: newId(),
      walletId,
      amount: eur(2_500n),
      paymentId: 'p-1',
    });
    expect(outcome.outcome).toBe('PLACED');
    const wallet = await t.walletRow(walletId);
    expect([wallet.posted, wallet.pending]).toEqual([10_000n, 2_500n]);
  });

  it('a hold larger than the available balance is REJECTED with INSUFFICIENT_FUNDS and remembered', async () => {
    const walletId = await t.fundedWallet(1_000n);
    const command = { holdId: newId(), walletId, amount: eur(1_001n), paymentId: 'p-2' };
    expect(await t.ledger.placeHold(command)).toEqual({
      holdId: command.holdId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    await t.ledger.transfer({
      transferId: newId(),
      debit: { system: 'FUNDING' },
      credit: { walletId },
      amount: eur(5_000n),
      paymentId: null,
    });
    // Funds arrived since, but a replay answers what the first request was told.
    expect((await t.ledger.placeHold(command)).outcome).toBe('REJECTED');
    expect((await t.walletRow(walletId)).pending).toBe(0n);
    await expect(t.ledger.placeHold({ ...command, amount: eur(10n) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('frozen and closed wallets refuse holds with their reason', async () => {
    const frozen = await insertWallet(t.db, 'EUR', { status: 'FROZEN' });
    const closed = await insertWallet(t.db, 'EUR', { status: 'CLOSED' });
    const frozenOutcome = await t.ledger.placeHold({
      holdId: newId(),
      walletId: frozen,
      amount: eur(1n),
      paymentId: null,
    });
    const closedOutcome = await t.ledger.placeHold({
      holdId: newId(),
      walletId: closed,
      amount: eur(1n),
      paymentId: null,
    });
    expect(frozenOutcome).toMatchObject({ outcome: 'REJECTED', reason: 'WALLET_FROZEN' });
    expect(closedOutcome).toMatchObject({ outcome: 'REJECTED', reason: 'WALLET_CLOSED' });
  });

  it('a hold on a missing wallet is NOT_FOUND and one in another currency is BAD_USER_INPUT', async () => {
    const walletId = await t.fundedWallet(100n);
    await expect(
      t.ledger.placeHold({ holdId: newId(), walletId: newId(), amount: eur(1n), paymentId: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.ledger.placeHold({ holdId: newId(), walletId, amount: Money.ofMinor(1n, 'USD'), paymentId: null }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('a hold posted to a closed wallet or one of another currency is refused and stays pending, the money reserved', async () => {
    const from = await t.fundedWallet(10_000n);
    const closed = await insertWallet(t.db, 'EUR', { status: 'CLOSED' });
    const dollars = await insertWallet(t.db, 'USD');
    const holdId = newId();
    await t.ledger.placeHold({ holdId, walletId: from, amount: eur(3_000n), paymentId: 'p-refused' });
    await expect(t.ledger.postHold({ holdId, credit: { walletId: closed } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(t.ledger.postHold({ holdId, credit: { walletId: dollars } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    const source = await t.walletRow(from);
    expect([source.posted, source.pending]).toEqual([10_000n, 3_000n]);
    expect((await t.walletRow(closed)).posted).toBe(0n);
    expect(await t.db.fork().count(LedgerEntry, { transferId: holdId })).toBe(0);
  });

  it('posting moves the held money to the destination with balanced entries; replays change nothing', async () => {
    const from = await t.fundedWallet(10_000n);
    const to = await t.fundedWallet(0n);
    const holdId = newId();
    await t.ledger.placeHold({ holdId, walletId: from, amount: eur(3_000n), paymentId: 'p-3' });
    expect(await t.ledger.postHold({ holdId, credit: { walletId: to } })).toEqual({
      holdId,
      outcome: 'POSTED',
    });
    expect(await t.ledger.postHold({ holdId, credit: { walletId: to } })).toEqual({
      holdId,
      outcome: 'POSTED',
    });
    await expect(t.ledger.postHold({ holdId, credit: { system: 'SETTLEMENT' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(t.ledger.voidHold(holdId)).rejects.toMatchObject({ code: 'CONFLICT' });
    const [source, destination] = [await t.walletRow(from), await t.walletRow(to)];
    expect([source.posted, source.pending]).toEqual([7_000n, 0n]);
    expect(destination.posted).toBe(3_000n);
    const entries = await t.db
      .fork()
      .find(LedgerEntry, { transferId: holdId }, { orderBy: { direction: 'asc' } });
    expect(entries.map((e) => [e.direction, e.amount, e.balanceAfter, e.paymentId])).toEqual([
      ['CREDIT', 3_000n, 3_000n, 'p-3'],
      ['DEBIT', 3_000n, 7_000n, 'p-3'],
    ]);
    expect(await t.ledger.getHold(holdId)).toMatchObject({
      status: 'POSTED',
      amountMinor: '3000',
      walletId: from,
    });
  });

  it('posting across currencies goes through the FX account of each currency', async () => {
    const from = await t.fundedWallet(10_000n);
    const to = await t.fundedWallet(0n, 'JPY');
    const holdId = newId();
    await t.ledger.placeHold({ holdId, walletId: from, amount: eur(1_000n), paymentId: 'p-fx' });
    await t.ledger.postHold({ holdId, credit: { walletId: to }, credited: Money.ofMinor(1_620n, 'JPY') });
    expect((await t.walletRow(to)).posted).toBe(1_620n);
    const entries = await t.db.fork().find(LedgerEntry, { transferId: holdId });
    expect(entries).toHaveLength(4);
    for (const currency of ['EUR', 'JPY']) {
      const net = entries
        .filter((e) => e.currency === currency)
        .reduce((sum, e) => sum + (e.direction === 'CREDIT' ? e.amount : -e.amount), 0n);
      expect(net).toBe(0n);
    }
  });

  it('voiding releases the hold, is idempotent, and a voided hold cannot be posted', async () => {
    const walletId = await t.fundedWallet(5_000n);
    const holdId = newId();
    await t.ledger.placeHold({ holdId, walletId, amount: eur(5_000n), paymentId: null });
    expect(await t.ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
    expect(await t.ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
    await expect(t.ledger.postHold({ holdId, credit: { system: 'SETTLEMENT' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await t.walletRow(walletId)).pending).toBe(0n);
    expect((await t.ledger.getHold(holdId)).status).toBe('VOIDED');
  });

  it('voiding an id no hold was placed under leaves a tombstone: a late hold under it reserves nothing', async () => {
    const walletId = await t.fundedWallet(5_000n);
    const holdId = newId();
    expect(await t.ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
    expect(await t.ledger.getHold(holdId)).toMatchObject({ holdId, status: 'VOIDED', walletId: null });
    // The placeHold of a caller that gave up waiting arrives after the void.
    const late = await t.ledger.placeHold({ holdId, walletId, amount: eur(2_000n), paymentId: holdId });
    expect(late).toEqual({ holdId, outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    expect(await t.walletRow(walletId)).toMatchObject({ posted: 5_000n, pending: 0n });
    await expect(t.ledger.postHold({ holdId, credit: { system: 'SETTLEMENT' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await t.ledger.voidHold(holdId)).toEqual({ holdId, outcome: 'VOIDED' });
  });

  it('a void and a hold under the same id at once: either the hold is voided or refused, never left placed', async () => {
    for (let round = 0; round < 30; round++) {
      const walletId = await t.fundedWallet(1_000n);
      const holdId = newId();
      const [placed] = await Promise.all([
        t.ledger.placeHold({ holdId, walletId, amount: eur(1_000n), paymentId: holdId }),
        t.ledger.voidHold(holdId),
      ]);
      expect(['PLACED', 'REJECTED']).toContain(placed.outcome);
      expect((await t.ledger.getHold(holdId)).status).toBe('VOIDED');
      expect((await t.walletRow(walletId)).pending).toBe(0n);
    }
  });
});

describe('transfers', () => {
  /** A transfer from one wallet to another under `transferId`. */
  const between = (
    transferId: string,
    from: string,
    to: string,
    amount: Money,
    paymentId: string | null = null,
  ) => ({
    transferId,
    debit: { walletId: from },
    credit: { walletId: to },
    amount,
    paymentId,
  });

  it('a transfer from a wallet short of funds is REJECTED and moves nothing', async () => {
    const from = await t.fundedWallet(500n);
    const to = await t.fundedWallet(0n);
    const transferId = newId();
    const request = between(transferId, from, to, eur(501n));
    expect(await t.ledger.transfer(request)).toEqual({
      transferId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await t.ledger.transfer(request)).toEqual({
      transferId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect([(await t.walletRow(from)).posted, (await t.walletRow(to)).posted]).toEqual([500n, 0n]);
    expect(await t.db.fork().count(LedgerEntry, { transferId })).toBe(0);
  });

  it('a refused transfer replayed once its funds have arrived answers as it was first answered and moves nothing', async () => {
    // The first run stopped at the debit; the replay gets past it to a credit the first never
    // reached, into a wallet of another currency.
    const from = await t.fundedWallet(5_000n, 'USD');
    const to = await t.fundedWallet(0n);
    const transferId = newId();
    const request = between(transferId, from, to, Money.ofMinor(5_001n, 'USD'));
    const refused = { transferId, outcome: 'REJECTED', reason: 'INSUFFICIENT_FUNDS' };
    expect(await t.ledger.transfer(request)).toEqual(refused);
    const topUp = {
      transferId: newId(),
      debit: { system: 'FUNDING' } as LedgerSide,
      credit: { walletId: from },
      amount: Money.ofMinor(1n, 'USD'),
      paymentId: null,
    };
    expect((await t.ledger.transfer(topUp)).outcome).toBe('POSTED');
    expect(await t.ledger.transfer(request)).toEqual(refused);
    expect([(await t.walletRow(from)).posted, (await t.walletRow(to)).posted]).toEqual([5_001n, 0n]);
    expect(await t.db.fork().count(LedgerEntry, { transferId })).toBe(0);
    // A new transfer of the same kind is refused as bad input, once there are funds to reach the credit.
    await expect(t.ledger.transfer({ ...request, transferId: newId() })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('the same transfer id with other parameters is a CONFLICT', async () => {
    const to = await t.fundedWallet(0n);
    const request = {
      transferId: newId(),
      debit: { system: 'REWARDS' } as LedgerSide,
      credit: { walletId: to },
      amount: eur(150n),
      paymentId: 'cashback-1',
    };
    expect((await t.ledger.transfer(request)).outcome).toBe('POSTED');
    await expect(t.ledger.transfer({ ...request, amount: eur(151n) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await t.walletRow(to)).posted).toBe(150n);
  });

  it('a transfer between wallets moves the money with balanced entries, and is read back as it was answered', async () => {
    const from = await t.fundedWallet(1_000n);
    const to = await t.fundedWallet(0n);
    const transferId = newId();
    const request = between(transferId, from, to, eur(400n), transferId);
    expect(await t.ledger.transfer(request)).toEqual({ transferId, outcome: 'POSTED' });
    expect(await t.ledger.transfer(request)).toEqual({ transferId, outcome: 'POSTED' });
    expect([(await t.walletRow(from)).posted, (await t.walletRow(to)).posted]).toEqual([600n, 400n]);
    const entries = await t.db.fork().find(LedgerEntry, { transferId }, { orderBy: { direction: 'asc' } });
    expect(entries.map((e) => [e.direction, e.amount])).toEqual([
      ['CREDIT', 400n],
      ['DEBIT', 400n],
    ]);
    expect(await t.ledger.getTransfer(transferId)).toEqual({ transferId, outcome: 'POSTED' });
    // A posted transfer cannot be voided; a hold's id is not a transfer.
    await expect(t.ledger.voidHold(transferId)).rejects.toMatchObject({ code: 'CONFLICT' });
    const holdId = newId();
    await t.ledger.placeHold({ holdId, walletId: from, amount: eur(100n), paymentId: null });
    await expect(t.ledger.getTransfer(holdId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.ledger.getTransfer(newId())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('voiding an id no transfer was made under leaves a tombstone: a late transfer under it moves nothing', async () => {
    const from = await t.fundedWallet(1_000n);
    const to = await t.fundedWallet(0n);
    const transferId = newId();
    expect(await t.ledger.voidHold(transferId)).toEqual({ holdId: transferId, outcome: 'VOIDED' });
    const late = between(transferId, from, to, eur(400n), transferId);
    expect(await t.ledger.transfer(late)).toEqual({ transferId, outcome: 'REJECTED', reason: 'HOLD_VOIDED' });
    expect([(await t.walletRow(from)).posted, (await t.walletRow(to)).posted]).toEqual([1_000n, 0n]);
    expect(await t.db.fork().count(LedgerEntry, { transferId })).toBe(0);
  });

  it('a refused transfer reads back REJECTED with its reason, and voiding its id is VOIDED', async () => {
    const from = await t.fundedWallet(100n);
    const to = await t.fundedWallet(0n);
    const transferId = newId();
    const request = between(transferId, from, to, eur(400n));
    expect((await t.ledger.transfer(request)).outcome).toBe('REJECTED');
    expect(await t.ledger.getTransfer(transferId)).toEqual({
      transferId,
      outcome: 'REJECTED',
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await t.ledger.voidHold(transferId)).toEqual({ holdId: transferId, outcome: 'VOIDED' });
    expect((await t.walletRow(from)).posted).toBe(100n);
  });
});
