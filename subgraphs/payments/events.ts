import { command } from '../../platform/bus';

/**
 * What payments asks of other subgraphs (commands), answers (the stand-in risk decision) and
 * publishes (payment events). The shapes mirror the bus contract in the shared brief exactly:
 * amounts are strings of integer minor units.
 */

// ---- accounts ----------------------------------------------------------------------------

export type AccountStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';
export type AccountRole = 'CUSTOMER' | 'ANALYST';

export interface AccountInfo {
  accountId: string;
  status: AccountStatus;
  mfaEnabled: boolean;
  roles: AccountRole[];
}

export type FundingSourceKind = 'BANK_ACCOUNT' | 'DEBIT_CARD' | 'CREDIT_CARD';

export interface FundingSourceInfo {
  fundingSourceId: string;
  accountId: string;
  kind: FundingSourceKind;
  status: 'ACTIVE' | 'REMOVED';
  last4: string;
  brand: string | null;
  token: string;
}

export const GetAccount = command<{ accountId: string }, AccountInfo>('accounts.getAccount');
export const VerifyTotp = command<{ accountId: string; code: string }, { valid: boolean }>(
  'accounts.verifyTotp',
);
export const PartnerAccess = command<{ partnerAppId: string; accountId: string }, { scopes: string[] }>(
  'accounts.partnerAccess',
);
export const GetFundingSource = command<{ fundingSourceId: string; accountId: string }, FundingSourceInfo>(
  'accounts.getFundingSource',
);

// ---- wallets (the ledger) ---------------------------------------------------------------------

export type WalletStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';
export type SystemAccount = 'FUNDING' | 'SETTLEMENT' | 'REWARDS';
export type LedgerParty = { walletId: string } | { system: SystemAccount };

export interface WalletInfo {
  walletId: string;
  accountId: string;
  currency: string;
  status: WalletStatus;
}

export type HoldRejection = 'INSUFFICIENT_FUNDS' | 'WALLET_FROZEN' | 'WALLET_CLOSED';

export interface PlaceHoldRequest {
  holdId: string;
  walletId: string;
  amountMinor: string;
  currency: string;
  paymentId: string;
}
export type PlaceHoldReply =
  { holdId: string; outcome: 'PLACED' } | { holdId: string; outcome: 'REJECTED'; reason: HoldRejection };

export interface PostHoldRequest {
  holdId: string;
  credit: LedgerParty;
  creditedAmountMinor?: string;
  creditedCurrency?: string;
}

export interface LedgerTransferRequest {
  transferId: string;
  debit: LedgerParty;
  credit: LedgerParty;
  amountMinor: string;
  currency: string;
  paymentId: string;
  creditedAmountMinor?: string;
  creditedCurrency?: string;
}
export type LedgerTransferReply =
  { transferId: string; outcome: 'POSTED' } | { transferId: string; outcome: 'REJECTED'; reason: string };

export interface HoldInfo {
  holdId: string;
  walletId: string;
  paymentId: string;
  amountMinor: string;
  currency: string;
  status: 'PENDING' | 'POSTED' | 'VOIDED';
}

export const GetWallet = command<{ walletId: string }, WalletInfo>('wallets.getWallet');
export const PlaceHold = command<PlaceHoldRequest, PlaceHoldReply>('wallets.placeHold');
export const PostHold = command<PostHoldRequest, { holdId: string; outcome: 'POSTED' }>('wallets.postHold');
export const VoidHold = command<{ holdId: string }, { holdId: string; outcome: 'VOIDED' }>(
  'wallets.voidHold',
);
export const LedgerTransfer = command<LedgerTransferRequest, LedgerTransferReply>('wallets.transfer');
export const GetHold = command<{ holdId: string }, HoldInfo>('wallets.getHold');

// ---- risk -------------------------------------------------------------------------------------

export type RiskDecision = 'APPROVE' | 'CHALLENGE' | 'REVIEW' | 'DECLINE';

export interface RiskAssessRequest {
  paymentId: string;
  accountId: string;
  kind: string;
  amountMinor: string;
  currency: string;
  sourceWalletId: string | null;
  destinationWalletId: string | null;
  destinationAccountId: string | null;
  category: string | null;
}

export interface RiskAssessReply {
  decision: RiskDecision;
  score: number;
  reasons: { code: string; description: string }[];
}

export const AssessRisk = command<RiskAssessRequest, RiskAssessReply>('risk.assess');

// ---- what payments publishes ----------------------------------------------------------------

/** The events payments writes to its outbox, one per status change. */
export enum PaymentEventType {
  Created = 'payment.created',
  StatusChanged = 'payment.status_changed',
  Completed = 'payment.completed',
  Declined = 'payment.declined',
}

/** The payload of every payment event: the payment as it stands after the change. */
export interface PaymentEventData {
  paymentId: string;
  kind: string;
  status: string;
  amountMinor: string;
  currency: string;
  creditedAmountMinor: string | null;
  creditedCurrency: string | null;
  sourceWalletId: string | null;
  destinationWalletId: string | null;
  /** The payer. */
  accountId: string;
  destinationAccountId: string | null;
  category: string | null;
  merchantName: string | null;
  declineReason: string | null;
  occurredAt: string;
}

/** The subgraph name recorded as the source of its events. */
export const SOURCE = 'payments';
