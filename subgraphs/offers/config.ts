import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v4';
import { ConfigError } from '../../platform/config';
import { minorUnits, parseRate } from '../../platform/money';

/** The repository's checked-in configuration folder (copied beside the build in dist/). */
const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  OFFERS_REWARDS_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'rewards.json')),
  OFFERS_POINTS_PER_UNIT: z.coerce.number().int().min(0).max(1_000).optional(),
  OFFERS_CREDIT_RETRY_INTERVAL_MS: positiveInt.default(10_000),
  OFFERS_CREDIT_RETRY_AFTER_MS: positiveInt.default(30_000),
});

const rewardsFile = z.object({
  pointsPerUnit: z.number().int().min(0).max(1_000),
  pointValue: z.record(
    z.string().regex(/^[A-Z]{3}$/),
    z.string().regex(/^\d+(\.\d+)?$/, 'must be an exact decimal string'),
  ),
});

/** What the offers subgraph reads from the environment and its rewards file, validated once at start. */
export interface OffersConfig {
  /** Points earned per whole currency unit of completed merchant spend. */
  pointsPerUnit: number;
  /** What one point is worth per currency, as an exact decimal of that currency. */
  pointValue: ReadonlyMap<string, string>;
  /** How often cashback and redemptions whose credit got no answer are asked for again. */
  creditRetryIntervalMs: number;
  /** How old such a credit must be before it is asked for again. */
  creditRetryAfterMs: number;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new ConfigError(`OFFERS_REWARDS_PATH: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Parses the offers settings; every bad variable or entry is named in one ConfigError. */
export function loadOffersConfig(env: Readonly<Record<string, string | undefined>>): OffersConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid offers configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const file = rewardsFile.safeParse(readJson(e.OFFERS_REWARDS_PATH));
  if (!file.success) {
    const lines = file.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid rewards file ${e.OFFERS_REWARDS_PATH}:\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  for (const [currency, value] of Object.entries(file.data.pointValue)) {
    const digits = minorUnits(currency);
    if (digits === undefined) problems.push(`  pointValue.${currency}: not an ISO 4217 currency`);
    else if (!/^0*[1-9]|\.\d*[1-9]/.test(value))
      problems.push(`  pointValue.${currency}: must be above zero`);
    else parseRate(value);
  }
  if (problems.length)
    throw new ConfigError(`Invalid rewards file ${e.OFFERS_REWARDS_PATH}:\n${problems.join('\n')}`);
  return {
    pointsPerUnit: e.OFFERS_POINTS_PER_UNIT ?? file.data.pointsPerUnit,
    pointValue: new Map(Object.entries(file.data.pointValue)),
    creditRetryIntervalMs: e.OFFERS_CREDIT_RETRY_INTERVAL_MS,
    creditRetryAfterMs: e.OFFERS_CREDIT_RETRY_AFTER_MS,
  };
}
