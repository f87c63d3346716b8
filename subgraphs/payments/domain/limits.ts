import { readFileSync } from 'node:fs';
import { z } from 'zod/v4';
import { BadInput } from '../../../platform/errors';
import { Money, minorUnits } from '../../../platform/money';

/**
 * The limits of one currency: the largest amount a request may name at all, the most one
 * payment may be, and the most per account per UTC day.
 */
export interface CurrencyLimits {
  max?: Money;
  perPayment: Money;
  daily: Money;
}

const currency = z.string().refine((code) => minorUnits(code) !== undefined, 'must be an ISO 4217 code');
const fileSchema = z.object({
  currencies: z.record(
    currency,
    z.object({ max: z.string().optional(), perPayment: z.string(), daily: z.string() }),
  ),
});

/** Payment limits per currency, from config/payment-limits.json. A currency not listed is not limited. */
export class PaymentLimits {
  constructor(private readonly byCurrency: ReadonlyMap<string, CurrencyLimits>) {}

  /** Parses the limit table; amounts are exact decimals in each currency's digits. */
  static fromJson(json: unknown): PaymentLimits {
    const parsed = fileSchema.parse(json);
    const table = new Map<string, CurrencyLimits>();
    for (const [code, limits] of Object.entries(parsed.currencies)) {
      table.set(code, {
        max: limits.max === undefined ? undefined : Money.parsePositive(limits.max, code),
        perPayment: Money.parsePositive(limits.perPayment, code),
        daily: Money.parsePositive(limits.daily, code),
      });
    }
    return new PaymentLimits(table);
  }

  static load(path: string): PaymentLimits {
    try {
      return PaymentLimits.fromJson(JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      throw new Error(`Invalid payment-limits file ${path}: ${(error as Error).message}`);
    }
  }

  /** Refuses an amount larger than any request may name (BAD_USER_INPUT on `field`). */
  checkMax(amount: Money, field = 'input.amount'): void {
    const max = this.byCurrency.get(amount.currency)?.max;
    if (max && amount.compare(max) > 0) {
      throw new BadInput(`An amount is at most ${max.toDecimal()} ${amount.currency}`, field);
    }
  }

  /**
   * Whether a payment fits: `amount` itself, and `dailyTotal`, the account's total for the day
   * in that currency with this payment already counted.
   */
  allows(amount: Money, dailyTotal: Money): boolean {
    const limits = this.byCurrency.get(amount.currency);
    if (!limits) return true;
    return amount.compare(limits.perPayment) <= 0 && dailyTotal.compare(limits.daily) <= 0;
  }
}

/** The UTC day a payment counts towards, as "YYYY-MM-DD". */
export function limitDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
