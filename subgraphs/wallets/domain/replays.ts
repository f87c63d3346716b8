import { Conflict, NotFound } from '../../../platform/errors';
import { Money } from '../../../platform/money';
import type { NewTransfer, StoredTransfer } from '../store/transfer-store';
import type { LedgerSide } from '../contract';
import type { HoldOutcome, PostHold, TransferOutcome } from './ledger.types';

// A command whose id is already known is a replay: it answers what the first request was told,
// and the same id with other parameters is a CONFLICT.

/** A tombstone: the id was voided before anything was placed under it. */
function isTombstone(existing: StoredTransfer | null): boolean {
  return existing?.kind === 'HOLD' && existing.reason === 'HOLD_VOIDED';
}

/** The first outcome of a placeHold under this id, or CONFLICT. */
export function replayHold(existing: StoredTransfer | null, record: NewTransfer): HoldOutcome {
  // The id was voided before this hold arrived, whatever it carries.
  if (isTombstone(existing)) return { holdId: record.id, outcome: 'REJECTED', reason: 'HOLD_VOIDED' };
  const same =
    existing?.kind === 'HOLD' &&
    existing.debitWalletId === record.debitWalletId &&
    existing.amount === record.amount &&
    existing.currency === record.currency &&
    (existing.paymentId ?? null) === (record.paymentId ?? null);
  if (!existing || !same) {
    throw new Conflict(`Hold ${record.id} was already requested with other parameters`, 'holdId');
  }
  if (existing.status === 'REJECTED')
    return { holdId: record.id, outcome: 'REJECTED', reason: existing.reason! };
  return { holdId: record.id, outcome: 'PLACED' };
}

/** The first outcome of a transfer under this id, or CONFLICT. */
export function replayTransfer(existing: StoredTransfer | null, record: NewTransfer): TransferOutcome {
  // The id was voided before this transfer arrived (its caller timed out): it moves nothing.
  if (isTombstone(existing)) return { transferId: record.id, outcome: 'REJECTED', reason: 'HOLD_VOIDED' };
  if (
    !existing ||
    existing.kind !== 'TRANSFER' ||
    !sameParameters(existing, record) ||
    (existing.creditedAmount ?? null) !== (record.creditedAmount ?? null) ||
    (existing.creditedCurrency ?? null) !== (record.creditedCurrency ?? null)
  ) {
    throw new Conflict(`Transfer ${record.id} was already requested with other parameters`, 'transferId');
  }
  if (existing.status === 'REJECTED')
    return { transferId: record.id, outcome: 'REJECTED', reason: existing.reason! };
  return { transferId: record.id, outcome: 'POSTED' };
}

/** A posting that found its hold not pending: a replay of the same posting, or a CONFLICT. */
export function replayPosting(existing: StoredTransfer | null, command: PostHold): void {
  const { holdId, credit } = command;
  if (!existing || existing.kind !== 'HOLD') throw new NotFound('Hold', holdId);
  if (existing.status !== 'POSTED')
    throw new Conflict(`Hold ${holdId} is ${existing.status.toLowerCase()}`, 'holdId');
  const credited = command.credited ?? Money.ofMinor(existing.amount, existing.currency);
  const same =
    sideMatches(credit, existing.creditWalletId, existing.creditSystem) &&
    existing.creditedAmount === credited.minor &&
    existing.creditedCurrency === credited.currency;
  if (!same) throw new Conflict(`Hold ${holdId} was already posted with other parameters`, 'holdId');
}

function sameParameters(existing: StoredTransfer, record: NewTransfer): boolean {
  return (
    (existing.debitWalletId ?? null) === (record.debitWalletId ?? null) &&
    (existing.debitSystem ?? null) === (record.debitSystem ?? null) &&
    (existing.creditWalletId ?? null) === (record.creditWalletId ?? null) &&
    (existing.creditSystem ?? null) === (record.creditSystem ?? null) &&
    existing.amount === record.amount &&
    existing.currency === record.currency &&
    (existing.paymentId ?? null) === (record.paymentId ?? null)
  );
}

function sideMatches(
  side: LedgerSide,
  walletId: string | null | undefined,
  system: string | null | undefined,
): boolean {
  return 'walletId' in side ? side.walletId === walletId : side.system === system;
}
