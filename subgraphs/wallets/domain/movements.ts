import { BadInput } from '../../../platform/errors';
import type { Money } from '../../../platform/money';
import type { LedgerSide } from '../contract';
import type { SystemAccountCode } from '../store/ledger-account.entity';
import type { EntryDirection } from '../store/ledger-entry.entity';

/** A side as the ledger moves money internally: also the FX account, which callers cannot name. */
type Side = LedgerSide | { system: SystemAccountCode };

/**
 * One account's share of a movement. `settle` debits a wallet's reserved money (a posted
 * hold), `debit` debits a wallet's available money, `credit` credits a wallet; system
 * accounts simply move.
 */
export interface Leg {
  account: { walletId: string } | { system: SystemAccountCode; currency: string };
  mode: 'settle' | 'debit' | 'credit' | 'system';
  direction: EntryDirection;
  amount: bigint;
  currency: string;
}

/**
 * The legs of a movement of `amount` from `debit` to `credit`, arriving as `credited`. In one
 * currency that is two legs; across currencies the money passes through the FX account of
 * each currency, so each currency's legs balance on their own.
 */
export function movementLegs(
  debit: LedgerSide,
  credit: LedgerSide,
  amount: Money,
  credited: Money,
  debitMode: 'settle' | 'debit',
): Leg[] {
  const from = leg(debit, 'DEBIT', amount, debitMode);
  const to = leg(credit, 'CREDIT', credited, 'credit');
  if (amount.currency === credited.currency) return [from, to];
  return [
    from,
    leg({ system: 'FX' }, 'CREDIT', amount, 'credit'),
    leg({ system: 'FX' }, 'DEBIT', credited, 'credit'),
    to,
  ];
}

/**
 * The credited amount of a movement: the amount itself unless another currency is named; in
 * the same currency a different amount would unbalance the transfer.
 */
export function creditedOf(amount: Money, credited: Money | undefined, field = 'creditedAmountMinor'): Money {
  if (!credited) return amount;
  if (credited.minor <= 0n) throw new BadInput('The credited amount must be greater than zero', field);
  if (credited.currency === amount.currency && credited.minor !== amount.minor) {
    throw new BadInput('In the same currency the credited amount must equal the amount', field);
  }
  return credited;
}

/** Whether two sides name the same ledger account (in the same currency). */
export function sameSide(a: LedgerSide, b: LedgerSide): boolean {
  if ('walletId' in a && 'walletId' in b) return a.walletId === b.walletId;
  if ('system' in a && 'system' in b) return a.system === b.system;
  return false;
}

/**
 * Wallets first in id order, then system accounts by code and currency: every command takes
 * its row locks in this one global order, so two movements can never wait on each other.
 */
export function inLockOrder(legs: Leg[]): Leg[] {
  return [...legs].sort((a, b) => {
    const ka = lockKey(a);
    const kb = lockKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * The order a command applies its legs in: the lock order where rows are locked (PostgreSQL).
 * SQLite locks the whole database for one writer, so there a wallet's debit goes first, and a
 * debit its balance cannot cover is refused before anything has changed.
 */
export function inApplyOrder(legs: Leg[], rowLocks: boolean): Leg[] {
  const ordered = inLockOrder(legs);
  if (rowLocks) return ordered;
  return [...ordered.filter((leg) => leg.mode === 'debit'), ...ordered.filter((leg) => leg.mode !== 'debit')];
}

function lockKey(leg: Leg): string {
  return 'walletId' in leg.account
    ? `0:${leg.account.walletId}`
    : `1:${leg.account.system}:${leg.account.currency}`;
}

function leg(side: Side, direction: EntryDirection, money: Money, walletMode: Leg['mode']): Leg {
  const amount = money.minor;
  const currency = money.currency;
  if ('walletId' in side)
    return { account: { walletId: side.walletId }, mode: walletMode, direction, amount, currency };
  return { account: { system: side.system, currency }, mode: 'system', direction, amount, currency };
}
