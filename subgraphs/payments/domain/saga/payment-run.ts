import type { Bus } from '../../../../platform/bus';
import type { Logger } from '../../../../platform/logger';
import { Money } from '../../../../platform/money';
import type { AccountStanding } from '../../../accounts/contract';
import type { RiskAssessment } from '../../../risk/contract';
import type { Payment } from '../../store/payment.entity';
import type { PaymentStore } from '../../store/payment-store';
import type { FundingInstrument, FundingNetwork } from '../funding-network';
import type { PaymentLimits } from '../limits';
import type { RiskFailSafe } from '../risk-fail-safe';
import { PaymentStatus, type DeclineReason } from '../payment';
import type { Claim } from './claims';
import { Halt, type Step } from './runner';

/** How a saga run leaves the payment when it stops before completing. */
export interface Outcome {
  status: PaymentStatus;
  declineReason?: DeclineReason;
}

/** Everything one run of a payment's saga knows: the payment and the facts gathered for it. */
export interface PaymentRun {
  payment: Payment;
  /** This runner's claim on the payment: asserted before every step, released by the final write. */
  claim: Claim;
  /** The payer, as accounts described it (absent when resuming: the decision is already taken). */
  account?: AccountStanding;
  /** Whether the wallet money leaves (a top-up's: the wallet it reaches) can take part. */
  walletActive?: boolean;
  /** A transfer's destination wallet is closed. */
  destinationClosed?: boolean;
  /**
   * The destination's status was not asked for before the saga (its facts were known): a
   * refused posting then asks whether the destination was closed, to decline with that reason.
   */
  destinationUnchecked?: boolean;
  /** The account's total for the day in the payment's currency, this payment included. */
  dailyTotalMinor?: bigint;
  /** The card or bank account of a top-up or withdrawal. */
  instrument?: FundingInstrument;
  risk?: RiskAssessment;
  /** Risk did not answer in time: `risk` is the fail-safe's decision. */
  riskUnavailable?: boolean;
  /** The APPROVE decision is stored, so the recovery pass would finish the payment forward. */
  approvalRecorded?: boolean;
  /** The payment waited (for a code or an analyst): the payer's standing is read again before it posts. */
  resumedFromWait?: boolean;
  /**
   * The payment's amount is reserved under a hold (placed by this run, kept while it waited, or
   * found by the recovery pass): a transfer posts the hold. A transfer approved at once holds
   * nothing and moves in one ledger transfer instead.
   */
  held?: boolean;
}

/** What the payment steps work with, shared for the life of the service. */
export interface StepDeps {
  bus: Bus;
  store: PaymentStore;
  fundingNetwork: FundingNetwork;
  limits: PaymentLimits;
  logger: Logger;
  now: () => Date;
  /** Attempts per funding-network call when it fails transiently. */
  fundingAttempts?: number;
  /** How long a payment may wait for the payer's code, and for an analyst. */
  waits: { verificationMs: number; reviewMs: number };
  /** What to do when risk does not answer in time. */
  riskFailSafe: RiskFailSafe;
}

/** One step of a payment's saga. */
export type PaymentStep<Done = unknown> = Step<PaymentRun, Outcome, Done>;

/** Halts the saga with DECLINED and a reason, undoing what was done when `compensate`. */
export function declined(reason: DeclineReason, compensate: boolean): Halt<Outcome> {
  return new Halt({ status: PaymentStatus.DECLINED, declineReason: reason }, compensate);
}

/** Halts the saga in a waiting status, keeping what was done (the hold stays). */
export function waiting(status: PaymentStatus): Halt<Outcome> {
  return new Halt({ status }, false);
}

/** The payment's amount as money. */
export function amountOf(payment: Payment): Money {
  return Money.ofMinor(payment.amountMinor, payment.currency);
}
