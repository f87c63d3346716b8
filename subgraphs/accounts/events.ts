import { command } from '../../platform/bus';

/** The subgraph name events are recorded under. */
export const SOURCE = 'accounts';

/** What accounts publishes; every consumer matches on these types. */
export enum AccountEventType {
  Created = 'account.created',
  Frozen = 'account.frozen',
  Unfrozen = 'account.unfrozen',
}

/** `account.created`: a new account exists. */
export interface AccountCreatedData {
  accountId: string;
}

/** `account.frozen`: the account may no longer move money. */
export interface AccountFrozenData {
  accountId: string;
  reason: string;
}

/** `account.unfrozen`: the account may move money again. */
export interface AccountUnfrozenData {
  accountId: string;
}

export type AccountStatusName = 'ACTIVE' | 'FROZEN' | 'CLOSED';
export type FundingSourceKindName = 'BANK_ACCOUNT' | 'DEBIT_CARD' | 'CREDIT_CARD';

/** The reply of `accounts.getAccount`. */
export interface AccountSummary {
  accountId: string;
  status: AccountStatusName;
  mfaEnabled: boolean;
  roles: ('CUSTOMER' | 'ANALYST')[];
}

/** The reply of `accounts.getFundingSource`. */
export interface FundingSourceSummary {
  fundingSourceId: string;
  accountId: string;
  kind: FundingSourceKindName;
  status: 'ACTIVE' | 'REMOVED';
  last4: string;
  brand: string | null;
  token: string;
}

/** The commands accounts answers; other subgraphs import nothing from here but the same subjects. */
export const AccountsCommands = {
  /** An account's status, roles and MFA state; NotFound when unknown. */
  getAccount: command<{ accountId: string }, AccountSummary>('accounts.getAccount'),
  /** Checks a TOTP code; a code is accepted once. */
  verifyTotp: command<{ accountId: string; code: string }, { valid: boolean }>('accounts.verifyTotp'),
  /** The scopes an account granted a partner app (empty: no consent). */
  partnerAccess: command<{ partnerAppId: string; accountId: string }, { scopes: string[] }>(
    'accounts.partnerAccess',
  ),
  /** A funding source of that account; NotFound when missing or someone else's. */
  getFundingSource: command<{ fundingSourceId: string; accountId: string }, FundingSourceSummary>(
    'accounts.getFundingSource',
  ),
  /** Freezes an account (risk asks for this); idempotent. */
  freezeAccount: command<
    { accountId: string; reason: string },
    { accountId: string; status: AccountStatusName }
  >('accounts.freezeAccount'),
} as const;
