import path from 'node:path';
import { Money } from '../../../platform/money';
import { CROSS_RATE_SCALE, TableFxRates, loadFxRates } from './fx-rates';

const rates = new TableFxRates('EUR', { USD: '1.0842', CNY: '7.8123', JPY: '162.35', KWD: '0.3339' });

describe('exchange rates', () => {
  it('quotes the base against a currency exactly as configured', () => {
    expect(rates.rate('EUR', 'CNY')).toBe('7.8123');
    expect(rates.rate('EUR', 'JPY')).toBe('162.35');
    expect(rates.rate('EUR', 'EUR')).toBe('1');
  });

  it('computes cross rates through the base with integers, rounded half-even to 10 places', () => {
    // 7.8123 / 1.0842 = 7.20558937465412..., 0.3339 / 162.35 = 0.00205666769325...
    expect(rates.rate('USD', 'CNY')).toBe('7.2055893747');
    expect(rates.rate('JPY', 'KWD')).toBe('0.0020566677');
    expect(rates.rate('CNY', 'EUR')).toBe('0.1280032769');
    expect(rates.rate('JPY', 'KWD')!.split('.')[1].length).toBeLessThanOrEqual(CROSS_RATE_SCALE);
  });

  it('knows nothing of currencies it was not given', () => {
    expect(rates.rate('EUR', 'SEK')).toBeUndefined();
    expect(rates.rate('SEK', 'EUR')).toBeUndefined();
  });

  it('converts 100.00 EUR to 781.23 CNY and rounds ties to even in the destination minor units', () => {
    expect(Money.parse('100.00', 'EUR').convert(rates.rate('EUR', 'CNY')!, 'CNY').toDecimal()).toBe('781.23');
    // 50.00 * 7.8123 = 390.615 -> 390.62 (1 is odd, up); 150.00 * 7.8123 = 1171.845 -> 1171.84 (4 is even, down)
    expect(Money.parse('50.00', 'EUR').convert('7.8123', 'CNY').toDecimal()).toBe('390.62');
    expect(Money.parse('150.00', 'EUR').convert('7.8123', 'CNY').toDecimal()).toBe('1171.84');
  });

  it('converts into currencies with zero and three minor digits', () => {
    expect(Money.parse('10.00', 'EUR').convert(rates.rate('EUR', 'JPY')!, 'JPY').toDecimal()).toBe('1624');
    expect(Money.parse('10.00', 'EUR').convert(rates.rate('EUR', 'KWD')!, 'KWD').toDecimal()).toBe('3.339');
    // 1000 JPY -> KWD at 0.0020566677 = 2.0566677 -> 2.057
    expect(Money.parse('1000', 'JPY').convert(rates.rate('JPY', 'KWD')!, 'KWD').toDecimal()).toBe('2.057');
  });

  it('loads and validates the checked-in rate file', () => {
    const file = loadFxRates(path.join(__dirname, '..', '..', '..', 'config', 'fx-rates.json'));
    expect(file.base).toBe('EUR');
    expect(file.rate('EUR', 'CNY')).toBe('7.8123');
    for (const code of ['USD', 'GBP', 'CHF', 'CNY', 'JPY', 'KWD', 'SEK'])
      expect(file.rate(code, 'EUR')).toBeDefined();
  });
});
