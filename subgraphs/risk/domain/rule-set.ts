import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod/v4';
import { ConfigError } from '../../../platform/config';
import { Money } from '../../../platform/money';

/** The rule codes risk knows, in the order their reasons are listed. */
export const RULE_CODES = [
  'LISTED',
  'STRUCTURING',
  'LARGE_AMOUNT',
  'RAPID_DRAIN',
  'VELOCITY',
  'DECLINE_STREAK',
  'NEW_PAYEE',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

const score = z.number().int().min(0).max(100);
const weight = z.number().int().min(0).max(100);
const positive = z.number().int().positive();
/** Amounts per currency, as decimal strings: `{ EUR: '500.00' }`. */
const amounts = z.record(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'), z.string());
const rule = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ weight, enabled: z.boolean().default(true), ...shape });

const schema = z.strictObject({
  version: z.string().min(1).max(60),
  bands: z
    .strictObject({ challenge: score, review: score, decline: score })
    .refine(
      (b) => b.challenge <= b.review && b.review <= b.decline,
      'must rise: challenge <= review <= decline',
    ),
  severity: z
    .strictObject({ medium: score, high: score, critical: score })
    .refine((s) => s.medium <= s.high && s.high <= s.critical, 'must rise: medium <= high <= critical'),
  historyDays: positive,
  snoozeHours: positive,
  aml: z.strictObject({ reportOn: z.array(z.enum(RULE_CODES)) }),
  rules: z.strictObject({
    LARGE_AMOUNT: rule({
      minPayments: positive,
      multipleOfAverage: z.number().positive(),
      atLeast: amounts,
      newAccountLimit: amounts,
    }),
    VELOCITY: rule({ windowMinutes: positive, maxCount: positive, maxValue: amounts }),
    STRUCTURING: rule({ windowHours: positive, minCount: positive, threshold: amounts, margin: amounts }),
    NEW_PAYEE: rule({ minAmount: amounts }),
    RAPID_DRAIN: rule({
      windowHours: positive,
      sharePercent: z.number().int().min(1).max(100),
      minAmount: amounts,
    }),
    DECLINE_STREAK: rule({ windowHours: positive, minDeclines: positive }),
    LISTED: rule({}),
  }),
});

type RawRuleSet = z.output<typeof schema>;

/** Amounts per currency in minor units. */
export type AmountsByCurrency = ReadonlyMap<string, bigint>;

/** A validated rule set: thresholds, weights and bands, amounts in minor units per currency. */
export interface RuleSet {
  version: string;
  bands: RawRuleSet['bands'];
  severity: RawRuleSet['severity'];
  historyDays: number;
  snoozeMs: number;
  reportOn: readonly RuleCode[];
  rules: {
    LARGE_AMOUNT: Rule<{
      minPayments: number;
      multipleOfAverage: number;
      atLeast: AmountsByCurrency;
      newAccountLimit: AmountsByCurrency;
    }>;
    VELOCITY: Rule<{ windowMs: number; maxCount: number; maxValue: AmountsByCurrency }>;
    STRUCTURING: Rule<{
      windowMs: number;
      minCount: number;
      threshold: AmountsByCurrency;
      margin: AmountsByCurrency;
    }>;
    NEW_PAYEE: Rule<{ minAmount: AmountsByCurrency }>;
    RAPID_DRAIN: Rule<{ windowMs: number; sharePercent: number; minAmount: AmountsByCurrency }>;
    DECLINE_STREAK: Rule<{ windowMs: number; minDeclines: number }>;
    LISTED: Rule<object>;
  };
}

/** One rule's settings: its weight, whether it runs, and its own thresholds. */
export type Rule<T> = { weight: number; enabled: boolean } & T;

const HOUR = 3_600_000;

/** Parses a rule set from the YAML text of `source` (a file name, for messages). */
export function parseRuleSet(text: string, source: string): RuleSet {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source}: not YAML: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = [...issue.path, ...('keys' in issue ? [issue.keys.join(', ')] : [])].join('.');
      return `  ${key || '(top level)'}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid risk rules in ${source}:\n${problems.join('\n')}`);
  }
  const r = parsed.data.rules;
  const money = (values: Record<string, string>, key: string): AmountsByCurrency => {
    const byCurrency = new Map<string, bigint>();
    for (const [currency, amount] of Object.entries(values)) {
      try {
        byCurrency.set(currency, Money.parse(amount, currency).minor);
      } catch {
        throw new ConfigError(
          `Invalid risk rules in ${source}:\n  ${key}.${currency}: "${amount}" is not an amount in ${currency}`,
        );
      }
    }
    return byCurrency;
  };
  const k = (name: string) => `rules.${name}`;
  return {
    version: parsed.data.version,
    bands: parsed.data.bands,
    severity: parsed.data.severity,
    historyDays: parsed.data.historyDays,
    snoozeMs: parsed.data.snoozeHours * HOUR,
    reportOn: parsed.data.aml.reportOn,
    rules: {
      LARGE_AMOUNT: {
        ...r.LARGE_AMOUNT,
        atLeast: money(r.LARGE_AMOUNT.atLeast, k('LARGE_AMOUNT.atLeast')),
        newAccountLimit: money(r.LARGE_AMOUNT.newAccountLimit, k('LARGE_AMOUNT.newAccountLimit')),
      },
      VELOCITY: {
        weight: r.VELOCITY.weight,
        enabled: r.VELOCITY.enabled,
        windowMs: r.VELOCITY.windowMinutes * 60_000,
        maxCount: r.VELOCITY.maxCount,
        maxValue: money(r.VELOCITY.maxValue, k('VELOCITY.maxValue')),
      },
      STRUCTURING: {
        weight: r.STRUCTURING.weight,
        enabled: r.STRUCTURING.enabled,
        windowMs: r.STRUCTURING.windowHours * HOUR,
        minCount: r.STRUCTURING.minCount,
        threshold: money(r.STRUCTURING.threshold, k('STRUCTURING.threshold')),
        margin: money(r.STRUCTURING.margin, k('STRUCTURING.margin')),
      },
      NEW_PAYEE: { ...r.NEW_PAYEE, minAmount: money(r.NEW_PAYEE.minAmount, k('NEW_PAYEE.minAmount')) },
      RAPID_DRAIN: {
        weight: r.RAPID_DRAIN.weight,
        enabled: r.RAPID_DRAIN.enabled,
        windowMs: r.RAPID_DRAIN.windowHours * HOUR,
        sharePercent: r.RAPID_DRAIN.sharePercent,
        minAmount: money(r.RAPID_DRAIN.minAmount, k('RAPID_DRAIN.minAmount')),
      },
      DECLINE_STREAK: {
        weight: r.DECLINE_STREAK.weight,
        enabled: r.DECLINE_STREAK.enabled,
        windowMs: r.DECLINE_STREAK.windowHours * HOUR,
        minDeclines: r.DECLINE_STREAK.minDeclines,
      },
      LISTED: r.LISTED,
    },
  };
}

/** Reads and validates a rule-set file; a bad key is a ConfigError naming it. */
export function loadRuleSet(file: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the risk rules ${file}: ${(error as Error).message}`);
  }
  return parseRuleSet(text, file);
}
