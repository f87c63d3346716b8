import { z } from 'zod/v4';
import {
  currencyCode,
  defineCommand,
  defineEvent,
  entityId,
  instant,
  minorUnits,
} from '../../platform/bus/contract';

/**
 * What the risk subgraph offers on the bus: the only module of risk that another subgraph may
 * import. Payments asks for a decision on every payment before money moves; risk announces the
 * fraud alerts it raises and how analysts resolve them.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'risk';

export const riskDecision = z.enum(['APPROVE', 'CHALLENGE', 'REVIEW', 'DECLINE']);
/** What risk decided: go on, step up with a code, hold for an analyst, or refuse. */
export type RiskDecision = z.output<typeof riskDecision>;

export const alertSeverity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
/** How urgent an alert is; a CRITICAL one freezes the account. */
export type AlertSeverity = z.output<typeof alertSeverity>;

export const alertStatus = z.enum(['OPEN', 'CONFIRMED_FRAUD', 'FALSE_POSITIVE']);
/** Where an alert stands: waiting for an analyst, or resolved one way or the other. */
export type AlertStatus = z.output<typeof alertStatus>;

export const alertResolution = z.enum(['CONFIRMED_FRAUD', 'FALSE_POSITIVE']);
/** How an analyst resolves an alert. */
export type AlertResolution = z.output<typeof alertResolution>;

const riskReason = z.object({
  code: z.string().min(1).max(60),
  description: z.string(),
  /** Points this reason added to the score; the contributions add up to the score. */
  contribution: z.number().int().min(0).max(100),
});

const assessment = z.object({
  decision: riskDecision,
  score: z.number().int().min(0).max(100),
  reasons: z.array(riskReason),
  /** The version of the rule set that decided. */
  ruleSetVersion: z.string().min(1).max(60).optional(),
});
/** A decision and why. */
export type RiskAssessment = z.output<typeof assessment>;

/** The reason code an assessment carries when payments decided without risk (it did not answer). */
export const RISK_UNAVAILABLE = 'RISK_UNAVAILABLE';

/** The commands risk answers. */
export const RiskCommands = {
  /** Scores a payment that is about to move money; idempotent by the payment id. */
  assess: defineCommand('risk.assess', {
    request: z.object({
      paymentId: entityId,
      accountId: entityId,
      kind: z.string().min(1).max(20),
      amountMinor: minorUnits,
      currency: currencyCode,
      sourceWalletId: entityId.nullable(),
      destinationWalletId: entityId.nullable(),
      destinationAccountId: entityId.nullable(),
      category: z.string().max(20).nullable(),
      /** A merchant payment's merchant. */
      merchantName: z.string().max(200).nullish(),
      /** A top-up's or withdrawal's card or bank account. */
      fundingSourceId: entityId.nullish(),
      /** The keyed token of that instrument: the same card has the same one on every account. */
      fundingFingerprint: z.string().max(100).nullish(),
      /** Whether the payer can answer a step-up; without MFA a challenge goes to an analyst. */
      mfaEnabled: z.boolean().nullish(),
    }),
    reply: assessment,
  }),
} as const;

const alertEventData = z.object({
  alertId: entityId,
  accountId: entityId,
  paymentId: entityId.nullable(),
  severity: alertSeverity,
  status: alertStatus,
  /** The codes of the reasons that raised it, strongest first. */
  reasonCodes: z.array(z.string()),
  score: z.number().int().min(0).max(100),
  raisedAt: instant,
});

/** The events risk publishes. */
export const RiskEvents = {
  /** A fraud alert was raised and waits for an analyst. */
  alertRaised: defineEvent('risk.alert.raised', 1, alertEventData),
  /** An analyst resolved an alert. */
  alertResolved: defineEvent(
    'risk.alert.resolved',
    1,
    alertEventData.extend({
      resolution: alertResolution,
      resolvedAt: instant,
      /** The analyst who resolved it. */
      resolvedBy: entityId,
      note: z.string().max(2000),
    }),
  ),
} as const;

/** Every risk event. */
export const RISK_EVENTS = Object.values(RiskEvents);
