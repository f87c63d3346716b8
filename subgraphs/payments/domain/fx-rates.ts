import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { divideHalfEven, formatMinor, minorUnits, parseRate } from '../../../platform/money';

/** Decimal places a cross rate keeps (half-even); direct rates from the base are exact. */
export const CROSS_RATE_SCALE = 10;

/**
 * Where exchange rates come from. The file implementation reads checked-in reference rates;
 * production would plug in a market-data feed behind the same port.
 */
export interface FxRates {
  /** Destination units per source unit as an exact decimal string, or undefined when unknown. */
  rate(from: string, to: string): string | undefined;
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive decimal string such as "7.8123"');
const currency = z.string().refine((code) => minorUnits(code) !== undefined, 'must be an ISO 4217 code');

const fileSchema = z.object({
  base: currency,
  asOf: z.string().optional(),
  rates: z.record(currency, decimal),
});

/** A rate table quoted against one base currency: units of each currency per one base unit. */
export class TableFxRates implements FxRates {
  private readonly quotes = new Map<string, { units: bigint; scale: bigint }>();

  constructor(
    readonly base: string,
    rates: Record<string, string>,
  ) {
    this.quotes.set(base, { units: 1n, scale: 0n });
    for (const [code, rate] of Object.entries(rates)) {
      if (code !== base) this.quotes.set(code, parseRate(rate));
    }
  }

  rate(from: string, to: string): string | undefined {
    if (from === to) return '1';
    const source = this.quotes.get(from);
    const target = this.quotes.get(to);
    if (!source || !target) return undefined;
    // to/from = (tu / 10^ts) / (su / 10^ss) = tu * 10^ss / (su * 10^ts), exactly, then rounded
    // once, half to even, to CROSS_RATE_SCALE places. Quotes against the base stay exact.
    if (from === this.base) return trimZeros(formatMinor(target.units, Number(target.scale)));
    const scale = BigInt(CROSS_RATE_SCALE);
    const numerator = target.units * 10n ** source.scale * 10n ** scale;
    const denominator = source.units * 10n ** target.scale;
    return trimZeros(formatMinor(divideHalfEven(numerator, denominator), CROSS_RATE_SCALE));
  }
}

/** Reads and validates a rate file (config/fx-rates.json); a bad file stops the service at start. */
export function loadFxRates(path: string): TableFxRates {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid exchange-rate file ${path}:\n${lines.join('\n')}`);
  }
  return new TableFxRates(parsed.data.base, parsed.data.rates);
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}
