import { z } from 'zod/v4';
import { currencyCode, defineCommand, entityId, minorUnits } from '../../platform/bus/contract';

/**
 * What the risk subgraph offers on the bus: the only module of risk that another subgraph may
 * import. Payments asks for a decision on every payment before money moves.
 */

/** The service name its events are recorded under. */
export const SOURCE = 'risk';

export const riskDecision = z.enum(['APPROVE', 'CHALLENGE', 'REVIEW', 'DECLINE']);
/** What risk decided: go on, step up with a code, hold for an analyst, or refuse. */
export type RiskDecision = z.output<typeof riskDecision>;

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
});
/** A decision and why. */
export type RiskAssessment = z.output<typeof assessment>;

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
    }),
    reply: assessment,
  }),
} as const;
