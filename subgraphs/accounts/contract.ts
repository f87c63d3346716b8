import { z } from 'zod/v4';
import { defineCommand, defineEvent, entityId } from '../../platform/bus/contract';
import { revocationSchema, revocationsInForceSchema } from '../../platform/auth/revocations';
import { PARTNER_SCOPES } from '../../platform/auth/viewer';

/**
 * What the accounts subgraph offers on the bus: the only module of accounts that another
 * subgraph may import.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'accounts';

export const accountStatus = z.enum(['ACTIVE', 'FROZEN', 'CLOSED']);
/** Whether an account may move money: FROZEN by an analyst or by risk, CLOSED for good. */
export type AccountStatus = z.output<typeof accountStatus>;

export const role = z.enum(['CUSTOMER', 'ANALYST']);

export const fundingSourceKind = z.enum(['BANK_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD']);
/** What a funding source is. */
export type FundingSourceKind = z.output<typeof fundingSourceKind>;

/** REMOVED sources are kept so past payments still name them. */
export const fundingSourceStatus = z.enum(['ACTIVE', 'REMOVED']);

const accountStanding = z.object({
  accountId: entityId,
  status: accountStatus,
  mfaEnabled: z.boolean(),
  roles: z.array(role),
});
/** What other services ask about an account before money moves: read afresh every time. */
export type AccountStanding = z.output<typeof accountStanding>;

const fundingSourceView = z.object({
  fundingSourceId: entityId,
  accountId: entityId,
  kind: fundingSourceKind,
  status: fundingSourceStatus,
  last4: z.string().regex(/^\d{4}$/),
  brand: z.string().nullable(),
  /** The keyed token the funding network knows the instrument by; never the number itself. */
  token: z.string().min(1).max(100),
});
/** A funding source as payments sees it. */
export type FundingSourceView = z.output<typeof fundingSourceView>;

/** The commands accounts answers. */
export const AccountCommands = {
  /** An account's standing; NOT_FOUND when there is none. */
  getAccount: defineCommand('accounts.getAccount', {
    request: z.object({ accountId: entityId }),
    reply: accountStanding,
  }),
  /** Checks a TOTP code of an account with MFA; a code is accepted once. */
  verifyTotp: defineCommand('accounts.verifyTotp', {
    request: z.object({ accountId: entityId, code: z.string().max(20) }),
    reply: z.object({ valid: z.boolean() }),
  }),
  /** The scopes an account granted a partner app that the app still holds (empty: no consent). */
  partnerAccess: defineCommand('accounts.partnerAccess', {
    request: z.object({ partnerAppId: entityId, accountId: entityId }),
    reply: z.object({ scopes: z.array(z.enum(PARTNER_SCOPES)) }),
  }),
  /** A funding source of that account; NOT_FOUND when missing or someone else's. */
  getFundingSource: defineCommand('accounts.getFundingSource', {
    request: z.object({ fundingSourceId: entityId, accountId: entityId }),
    reply: fundingSourceView,
  }),
  /** Freezes an account (risk asks for this); freezing a frozen account changes nothing. */
  freezeAccount: defineCommand('accounts.freezeAccount', {
    request: z.object({ accountId: entityId, reason: z.string().min(1).max(500) }),
    reply: z.object({ accountId: entityId, status: accountStatus }),
  }),
  /** The token revocations still in force: what every process loads at start, after subscribing to `tokensRevoked`. */
  revocations: defineCommand('accounts.revocations', {
    request: z.strictObject({}),
    reply: revocationsInForceSchema,
  }),
} as const;

/** The events accounts publishes. */
export const AccountEvents = {
  /** A new account exists. */
  created: defineEvent('account.created', 1, z.object({ accountId: entityId })),
  /** The account may no longer move money. */
  frozen: defineEvent('account.frozen', 1, z.object({ accountId: entityId, reason: z.string() })),
  /** The account may move money again. */
  unfrozen: defineEvent('account.unfrozen', 1, z.object({ accountId: entityId })),
  /**
   * Tokens must be refused from now on: one token until it expires (signOut), or every token of
   * the account issued before `validAfter` (signOutEverywhere, a new password, a freeze, a new role).
   */
  tokensRevoked: defineEvent('account.tokens_revoked', 1, revocationSchema),
} as const;
