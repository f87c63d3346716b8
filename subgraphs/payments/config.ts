import path from 'node:path';
import { z } from 'zod/v4';
import { ConfigError } from '../../platform/config';

/** The repository's checked-in configuration folder (copied beside the build in dist/). */
const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');

const nonNegativeInt = z.coerce.number().int().min(0);
const positiveInt = z.coerce.number().int().positive();
const MINUTE = 60_000;

const schema = z.object({
  NODE_ENV: z.string().optional(),
  FUNDING_NETWORK: z.enum(['sandbox']).optional(),
  FUNDING_NETWORK_LATENCY_MS: nonNegativeInt.default(0),
  PAYMENTS_ANSWER_WITHIN_MS: positiveInt.default(3_000),
  PAYMENTS_CLAIM_TTL_MS: positiveInt.default(MINUTE),
  PAYMENTS_VERIFICATION_TTL_MS: positiveInt.default(15 * MINUTE),
  PAYMENTS_REVIEW_TTL_MS: positiveInt.default(7 * 24 * 60 * MINUTE),
  PAYMENTS_RECOVERY_INTERVAL_MS: positiveInt.default(10_000),
  PAYMENTS_RECOVERY_AFTER_MS: positiveInt.default(30_000),
  FX_RATES_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'fx-rates.json')),
  PAYMENT_LIMITS_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'payment-limits.json')),
  PAYMENTS_RISK_DEADLINE_MS: positiveInt.default(1_000),
  PAYMENTS_RISK_FAIL_SAFE_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'risk-fail-safe.json')),
});

/** What the payments subgraph reads from the environment, validated once at start. */
export interface PaymentsConfig {
  /** The network top-ups and withdrawals go through; only the sandbox exists so far. */
  fundingNetwork: 'sandbox';
  /** Simulated latency of the sandbox funding network, per call. */
  fundingNetworkLatencyMs: number;
  /**
   * How long a money-moving mutation waits for its payment to settle before it answers with
   * the payment as it stands (PENDING included); the work goes on. Below the gateway's timeout.
   */
  answerWithinMs: number;
  /** How long a runner's claim on a payment lasts before another runner may take it over. */
  claimTtlMs: number;
  /** How long a payment waits for the payer's TOTP code, and for an analyst's review. */
  waits: { verificationMs: number; reviewMs: number };
  /** How often the recovery pass runs. */
  recoveryIntervalMs: number;
  /** How old an unclaimed PENDING payment must be before the recovery pass finishes it. */
  recoveryAfterMs: number;
  fxRatesPath: string;
  paymentLimitsPath: string;
  /** How long a payment waits for risk's decision before the fail-safe decides. */
  riskDeadlineMs: number;
  /** The amounts per currency the fail-safe approves without risk (config/risk-fail-safe.json). */
  riskFailSafePath: string;
}

/**
 * Parses the payments settings; every bad variable is named in one ConfigError. Production
 * names its funding network: the sandbox is never chosen for it by default.
 */
export function loadPaymentsConfig(env: Readonly<Record<string, string | undefined>>): PaymentsConfig {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  if (parsed.success && parsed.data.NODE_ENV === 'production' && !parsed.data.FUNDING_NETWORK) {
    problems.push(
      '  FUNDING_NETWORK: production must name its funding network (FUNDING_NETWORK=sandbox for the sandbox)',
    );
  }
  if (!parsed.success || problems.length) {
    throw new ConfigError(`Invalid payments configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    fundingNetwork: e.FUNDING_NETWORK ?? 'sandbox',
    fundingNetworkLatencyMs: e.FUNDING_NETWORK_LATENCY_MS,
    answerWithinMs: e.PAYMENTS_ANSWER_WITHIN_MS,
    claimTtlMs: e.PAYMENTS_CLAIM_TTL_MS,
    waits: { verificationMs: e.PAYMENTS_VERIFICATION_TTL_MS, reviewMs: e.PAYMENTS_REVIEW_TTL_MS },
    recoveryIntervalMs: e.PAYMENTS_RECOVERY_INTERVAL_MS,
    recoveryAfterMs: e.PAYMENTS_RECOVERY_AFTER_MS,
    fxRatesPath: path.resolve(e.FX_RATES_PATH),
    paymentLimitsPath: path.resolve(e.PAYMENT_LIMITS_PATH),
    riskDeadlineMs: e.PAYMENTS_RISK_DEADLINE_MS,
    riskFailSafePath: path.resolve(e.PAYMENTS_RISK_FAIL_SAFE_PATH),
  };
}
