import path from 'node:path';
import { Money } from '../../../platform/money';
import { PaymentLimits, limitDay } from './limits';

const limits = PaymentLimits.fromJson({ currencies: { EUR: { perPayment: '1000.00', daily: '2000.00' } } });
const eur = (amount: string) => Money.parse(amount, 'EUR');

describe('payment limits', () => {
  it('allows a payment up to the per-payment limit and refuses one cent more', () => {
    expect(limits.allows(eur('1000.00'), eur('1000.00'))).toBe(true);
    expect(limits.allows(eur('1000.01'), eur('1000.01'))).toBe(false);
  });

  it('refuses a payment that takes the day total over the daily limit', () => {
    expect(limits.allows(eur('500.00'), eur('2000.00'))).toBe(true);
    expect(limits.allows(eur('500.00'), eur('2000.01'))).toBe(false);
  });

  it('does not limit a currency it has no limits for', () => {
    expect(limits.allows(Money.parse('99999999', 'JPY'), Money.parse('99999999', 'JPY'))).toBe(true);
  });

  it('refuses a limit file with amounts the currency cannot hold', () => {
    expect(() =>
      PaymentLimits.fromJson({ currencies: { JPY: { perPayment: '10.5', daily: '100' } } }),
    ).toThrow();
    expect(() => PaymentLimits.fromJson({ currencies: { XXY: { perPayment: '1', daily: '1' } } })).toThrow();
  });

  it('loads the checked-in limits', () => {
    const file = PaymentLimits.load(path.join(__dirname, '..', '..', '..', 'config', 'payment-limits.json'));
    expect(file.allows(eur('10000.00'), eur('10000.00'))).toBe(true);
    expect(file.allows(eur('10000.01'), eur('10000.01'))).toBe(false);
  });

  it('counts days in UTC', () => {
    expect(limitDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(limitDay(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02');
  });
});
