import path from 'node:path';
import { z } from 'zod/v4';
import { ConfigError } from '../../platform/config';

/** The repository's checked-in configuration folder (copied beside the build in dist/). */
const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');

const nonNegativeInt = z.coerce.number().int().min(0);
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  FUNDING_NETWORK_LATENCY_MS: nonNegativeInt.default(0),
  PAYMENTS_RECOVERY_INTERVAL_MS: positiveInt.default(10_000),
  PAYMENTS_RECOVERY_AFTER_MS: positiveInt.default(30_000),
  FX_RATES_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'fx-rates.json')),
  PAYMENT_LIMITS_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'payment-limits.json')),
});

/** What the payments subgraph reads from the environment, validated once at start. */
export interface PaymentsConfig {
  /** Simulated latency of the sandbox funding network, per call. */
  fundingNetworkLatencyMs: number;
  /** How often the recovery pass runs. */
  recoveryIntervalMs: number;
  /** How old a PENDING payment must be before the recovery pass finishes it. */
  recoveryAfterMs: number;
  fxRatesPath: string;
  paymentLimitsPath: string;
}

/** Parses the payments settings; every bad variable is named in one ConfigError. */
export function loadPaymentsConfig(env: Readonly<Record<string, string | undefined>>): PaymentsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid payments configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    fundingNetworkLatencyMs: e.FUNDING_NETWORK_LATENCY_MS,
    recoveryIntervalMs: e.PAYMENTS_RECOVERY_INTERVAL_MS,
    recoveryAfterMs: e.PAYMENTS_RECOVERY_AFTER_MS,
    fxRatesPath: path.resolve(e.FX_RATES_PATH),
    paymentLimitsPath: path.resolve(e.PAYMENT_LIMITS_PATH),
  };
}
