import { z } from 'zod/v4';
import { currencyCode, defineCommand, defineEvent, entityId, minorUnits } from '../../platform/bus/contract';

/**
 * What the wallets subgraph (the ledger) offers on the bus: the only module of wallets that
 * another subgraph may import. Every command is idempotent by the caller's id: a replay answers
 * what the first request was told; the same id with other parameters is a CONFLICT.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'wallets';

export const walletStatus = z.enum(['ACTIVE', 'FROZEN', 'CLOSED']);
/** A wallet's lifecycle; only an ACTIVE wallet may be debited. */
export type WalletStatus = z.output<typeof walletStatus>;

/** The bank's own accounts other services may move money to or from (FX is the ledger's own). */
export const systemAccount = z.enum(['FUNDING', 'SETTLEMENT', 'REWARDS']);
export type SystemAccount = z.output<typeof systemAccount>;

/** One side of a movement: a customer's wallet, or a system account in the movement's currency. */
export const ledgerSide = z.union([
  z.object({ walletId: entityId }).strict(),
  z.object({ system: systemAccount }).strict(),
]);
export type LedgerSide = z.output<typeof ledgerSide>;

export const rejectionReason = z.enum([
  'INSUFFICIENT_FUNDS',
  'WALLET_FROZEN',
  'WALLET_CLOSED',
  'HOLD_VOIDED',
]);
/**
 * Why the ledger refused to debit a wallet: a business outcome, not an error. HOLD_VOIDED: the
 * id was voided before any hold or transfer was placed under it (its caller gave up on an
 * unknown outcome), so a late placeHold or transfer moves nothing.
 */
export type RejectionReason = z.output<typeof rejectionReason>;

const walletView = z.object({
  walletId: entityId,
  accountId: entityId,
  currency: currencyCode,
  status: walletStatus,
});
/** A wallet as other services see it. */
export type WalletView = z.output<typeof walletView>;

/** A movement's credited side when it arrives in another currency (both or neither). */
const credited = {
  creditedAmountMinor: minorUnits.nullish(),
  creditedCurrency: currencyCode.nullish(),
};

const holdView = z.object({
  holdId: entityId,
  /** Null for an id voided before any hold was placed under it. */
  walletId: entityId.nullable(),
  paymentId: entityId.nullable(),
  amountMinor: minorUnits,
  currency: currencyCode,
  /** A refused hold reserved nothing and reads as VOIDED, with its `rejectedReason`. */
  status: z.enum(['PENDING', 'POSTED', 'VOIDED']),
  rejectedReason: rejectionReason.optional(),
});
/** A hold as the payments recovery pass sees it. */
export type HoldView = z.output<typeof holdView>;

const transferOutcome = z.discriminatedUnion('outcome', [
  z.object({ transferId: entityId, outcome: z.literal('POSTED') }),
  z.object({ transferId: entityId, outcome: z.literal('REJECTED'), reason: rejectionReason }),
]);

/** The commands wallets answers. */
export const WalletCommands = {
  /** A wallet's owner, currency and status; NOT_FOUND when there is none. */
  getWallet: defineCommand('wallets.getWallet', {
    request: z.object({ walletId: entityId }),
    reply: walletView,
  }),
  /** Every wallet of an account, oldest first (none for an account without wallets). */
  walletsOf: defineCommand('wallets.walletsOf', {
    request: z.object({ accountId: entityId }),
    reply: z.object({ wallets: z.array(walletView) }),
  }),
  /** Reserves money on a wallet under the caller's hold id: REJECTED when it cannot be debited. */
  placeHold: defineCommand('wallets.placeHold', {
    request: z.object({
      holdId: entityId,
      walletId: entityId,
      amountMinor: minorUnits,
      currency: currencyCode,
      paymentId: entityId.nullish(),
    }),
    reply: z.discriminatedUnion('outcome', [
      z.object({ holdId: entityId, outcome: z.literal('PLACED') }),
      z.object({ holdId: entityId, outcome: z.literal('REJECTED'), reason: rejectionReason }),
    ]),
  }),
  /** Settles a placed hold into a wallet or system account, through FX when currencies differ. */
  postHold: defineCommand('wallets.postHold', {
    request: z.object({ holdId: entityId, credit: ledgerSide, ...credited }),
    reply: z.object({ holdId: entityId, outcome: z.literal('POSTED') }),
  }),
  /**
   * Releases a placed hold; voiding a posted hold or transfer is a CONFLICT, a refused transfer
   * VOIDED. Voiding an id under which nothing was placed (yet) is VOIDED too and leaves a
   * tombstone: a late placeHold or transfer under that id is refused (HOLD_VOIDED).
   */
  voidHold: defineCommand('wallets.voidHold', {
    request: z.object({ holdId: entityId }),
    reply: z.object({ holdId: entityId, outcome: z.literal('VOIDED') }),
  }),
  /**
   * Moves money in one step: top-ups from FUNDING, cashback from REWARDS, payouts to SETTLEMENT,
   * and a transfer between wallets that risk approved at once. REJECTED when the debit cannot be
   * made, or when the id was voided first (HOLD_VOIDED).
   */
  transfer: defineCommand('wallets.transfer', {
    request: z.object({
      transferId: entityId,
      debit: ledgerSide,
      credit: ledgerSide,
      amountMinor: minorUnits,
      currency: currencyCode,
      paymentId: entityId.nullish(),
      ...credited,
    }),
    reply: transferOutcome,
  }),
  /** A transfer by the caller's id as its command was answered; NOT_FOUND when there is none. */
  getTransfer: defineCommand('wallets.getTransfer', {
    request: z.object({ transferId: entityId }),
    reply: transferOutcome,
  }),
  /** A hold by the caller's id; NOT_FOUND when there is none. */
  getHold: defineCommand('wallets.getHold', {
    request: z.object({ holdId: entityId }),
    reply: holdView,
  }),
} as const;

/** The events wallets publishes. */
export const WalletEvents = {
  /** A customer opened a wallet. */
  opened: defineEvent(
    'wallet.opened',
    1,
    z.object({ walletId: entityId, accountId: entityId, currency: currencyCode }),
  ),
} as const;
