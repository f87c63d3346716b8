import type { Money } from '../../../platform/money';
import { DeclineReason } from './payment';

/** The card or bank account at the other end of a top-up or withdrawal, as the network sees it. */
export interface FundingInstrument {
  fundingSourceId: string;
  kind: 'BANK_ACCOUNT' | 'DEBIT_CARD' | 'CREDIT_CARD';
  /** The network token kept by accounts; never the card number. */
  token: string;
  last4: string;
}

/** One movement on the network, idempotent by `reference`: the same reference never moves money twice. */
export interface FundingRequest {
  reference: string;
  instrument: FundingInstrument;
  amount: Money;
}

/** What the network answered: approved with its own id, or declined for good with a code. */
export type FundingOutcome = { approved: true; networkId: string } | { approved: false; code: string };

/**
 * A failure that says nothing about whether money moved (a timeout, a dropped connection).
 * Retrying with the same reference is safe and is how it gets resolved.
 */
export class TransientFundingError extends Error {
  constructor(readonly code: string) {
    super(`Funding network unavailable: ${code}`);
    this.name = 'TransientFundingError';
  }
}

/**
 * The port to the card and bank networks. The sandbox implementation answers by test rules;
 * production plugs a real connector in here.
 */
export interface FundingNetwork {
  /** Pulls money in from a card or bank account (a top-up). */
  charge(request: FundingRequest): Promise<FundingOutcome>;
  /** Pushes money out to a bank account (a withdrawal). */
  payout(request: FundingRequest): Promise<FundingOutcome>;
  /** Gives back a charge that could not be credited; `reference` names the refund, `chargeReference` the charge. */
  refund(request: FundingRequest & { chargeReference: string }): Promise<FundingOutcome>;
}

/** Whether a network's decline code is one of the graph's decline reasons (the sandbox's are). */
export function isFundingCode(code: string): code is DeclineReason {
  return Object.hasOwn(DeclineReason, code);
}
