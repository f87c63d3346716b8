import type { Money } from '../../../platform/money';
import type { ReplyInputOf } from '../../../platform/bus';
import type { LedgerSide, WalletCommands } from '../contract';

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
export type HoldOutcome = ReplyInputOf<typeof WalletCommands.placeHold>;

/** A posted transfer, or the business reason it was refused. */
export type TransferOutcome = ReplyInputOf<typeof WalletCommands.transfer>;

/** A hold as the recovery pass of payments sees it; a refused hold reads as VOIDED (it reserved nothing). */
export type HoldView = ReplyInputOf<typeof WalletCommands.getHold>;

/** A wallet as other subgraphs see it on the bus. */
export type WalletView = ReplyInputOf<typeof WalletCommands.getWallet>;
