import path from 'node:path';
import { z } from 'zod/v4';
import { ConfigError } from '../../platform/config';

/** The repository's checked-in configuration folder (copied beside the build in dist/). */
const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');

const schema = z.object({
  RISK_RULES_PATH: z.string().min(1).default(path.join(CONFIG_DIR, 'risk.yaml')),
  RISK_SHADOW_RULES_PATH: z.string().default(path.join(CONFIG_DIR, 'risk.shadow.yaml')),
});

/** What the risk subgraph reads from the environment, validated once at start. */
export interface RiskConfig {
  /** The rule set that decides. */
  rulesPath: string;
  /** The candidate rule set judged beside it, deciding nothing; none when empty. */
  shadowRulesPath: string | null;
}

/** Parses the risk settings; every bad variable is named in one ConfigError. */
export function loadRiskConfig(env: Readonly<Record<string, string | undefined>>): RiskConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid risk configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    rulesPath: path.resolve(e.RISK_RULES_PATH),
    shadowRulesPath: e.RISK_SHADOW_RULES_PATH.trim() ? path.resolve(e.RISK_SHADOW_RULES_PATH) : null,
  };
}
