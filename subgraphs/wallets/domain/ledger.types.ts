import type { Money } from '../../../platform/money';
import type { RejectionReason, SystemAccountCode, WalletStatus } from '../entities';

/** One side of a movement: a customer's wallet or a system account of the movement's currency. */
export type LedgerSide = { walletId: string } | { system: SystemAccountCode };

/** Reserve money on a wallet under the caller's hold id. */
export interface PlaceHold {
  holdId: string;
  walletId: string;
  amount: Money;
  paymentId: string | null;
}

/** Settle a placed hold into a wallet or system account; `credited` when currencies differ. */
export interface PostHold {
  holdId: string;
  credit: LedgerSide;
  credited?: Money;
}

/** Move money in one step under the caller's transfer id. */
export interface TransferRequest {
  transferId: string;
  debit: LedgerSide;
  credit: LedgerSide;
  amount: Money;
  paymentId: string | null;
  credited?: Money;
}

/** A placed hold, or the business reason it was refused. */
export type HoldOutcome =
  { holdId: string; outcome: 'PLACED' } | { holdId: string; outcome: 'REJECTED'; reason: RejectionReason };

/** A posted transfer, or the business reason it was refused. */
export type TransferOutcome =
  | { transferId: string; outcome: 'POSTED' }
  | { transferId: string; outcome: 'REJECTED'; reason: RejectionReason };

/** A hold as the recovery pass of payments sees it; a refused hold reads as VOIDED (it reserved nothing). */
export interface HoldView {
  holdId: string;
  walletId: string;
  paymentId: string | null;
  amountMinor: string;
  currency: string;
  status: 'PENDING' | 'POSTED' | 'VOIDED';
  rejectedReason?: RejectionReason;
}

/** A wallet as other subgraphs see it on the bus. */
export interface WalletView {
  walletId: string;
  accountId: string;
  currency: string;
  status: WalletStatus;
}
