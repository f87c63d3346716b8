import { command } from '../../platform/bus';
import type { RejectionReason, WalletStatus } from './entities';

/** The source name wallets records its events under. */
export const SOURCE = 'wallets';

/** System accounts other services may name on the bus; FX is the ledger's own. */
export type BusSystemAccount = 'FUNDING' | 'SETTLEMENT' | 'REWARDS';

/** One side of a movement as it travels on the bus. */
export type BusSide = { walletId: string } | { system: BusSystemAccount };

// ---- Commands wallets answers ----------------------------------------------------------------

export interface GetWalletRequest {
  walletId: string;
}
export interface GetWalletReply {
  walletId: string;
  accountId: string;
  currency: string;
  status: WalletStatus;
}
/** A wallet's owner, currency and status; NOT_FOUND when there is none. */
export const getWallet = command<GetWalletRequest, GetWalletReply>('wallets.getWallet');

export interface PlaceHoldRequest {
  holdId: string;
  walletId: string;
  amountMinor: string;
  currency: string;
  paymentId: string;
}
export type PlaceHoldReply =
  { holdId: string; outcome: 'PLACED' } | { holdId: string; outcome: 'REJECTED'; reason: RejectionReason };
/** Reserves money on a wallet under the caller's hold id. */
export const placeHold = command<PlaceHoldRequest, PlaceHoldReply>('wallets.placeHold');

export interface PostHoldRequest {
  holdId: string;
  credit: BusSide;
  creditedAmountMinor?: string;
  creditedCurrency?: string;
}
export interface PostHoldReply {
  holdId: string;
  outcome: 'POSTED';
}
/** Settles a placed hold into a wallet or system account, through FX when currencies differ. */
export const postHold = command<PostHoldRequest, PostHoldReply>('wallets.postHold');

export interface VoidHoldRequest {
  holdId: string;
}
export interface VoidHoldReply {
  holdId: string;
  outcome: 'VOIDED';
}
/** Releases a placed hold. */
export const voidHold = command<VoidHoldRequest, VoidHoldReply>('wallets.voidHold');

export interface TransferRequestMessage {
  transferId: string;
  debit: BusSide;
  credit: BusSide;
  amountMinor: string;
  currency: string;
  paymentId: string;
  creditedAmountMinor?: string;
  creditedCurrency?: string;
}
export type TransferReply =
  | { transferId: string; outcome: 'POSTED' }
  | { transferId: string; outcome: 'REJECTED'; reason: RejectionReason };
/** Moves money in one step (top-ups, cashback, withdrawals). */
export const transfer = command<TransferRequestMessage, TransferReply>('wallets.transfer');

export interface GetHoldRequest {
  holdId: string;
}
export interface GetHoldReply {
  holdId: string;
  walletId: string;
  paymentId: string | null;
  amountMinor: string;
  currency: string;
  /** A refused hold reserved nothing and reads as VOIDED, with its `rejectedReason`. */
  status: 'PENDING' | 'POSTED' | 'VOIDED';
  rejectedReason?: RejectionReason;
}
/** A hold by the caller's id, for the payments recovery pass. */
export const getHold = command<GetHoldRequest, GetHoldReply>('wallets.getHold');

// ---- Commands wallets asks of accounts -------------------------------------------------------

export interface GetAccountReply {
  accountId: string;
  status: 'ACTIVE' | 'FROZEN' | 'CLOSED';
  mfaEnabled: boolean;
  roles: ('CUSTOMER' | 'ANALYST')[];
}
/** An account's status, asked before opening a wallet. */
export const getAccount = command<{ accountId: string }, GetAccountReply>('accounts.getAccount');

/** The scopes an account granted a partner app (empty: no consent). */
export const partnerAccess = command<{ partnerAppId: string; accountId: string }, { scopes: string[] }>(
  'accounts.partnerAccess',
);

// ---- Events ----------------------------------------------------------------------------------

/** The events wallets publishes and consumes, by type. */
export const EventType = {
  WalletOpened: 'wallet.opened',
  AccountFrozen: 'account.frozen',
  AccountUnfrozen: 'account.unfrozen',
} as const;

/** Published when a customer opens a wallet. */
export interface WalletOpened {
  walletId: string;
  accountId: string;
  currency: string;
}

/** Consumed from accounts: the account's wallets become FROZEN. */
export interface AccountFrozen {
  accountId: string;
  reason: string;
}

/** Consumed from accounts: the account's frozen wallets become ACTIVE again. */
export interface AccountUnfrozen {
  accountId: string;
}

/** The consumer group under which wallets processes account events once. */
export const ACCOUNT_STATUS_CONSUMER = 'wallets.account-status';
