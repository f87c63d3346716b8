import { ErrorCode, type AppError } from '../../../platform/errors';
import { cardBrand, checkCard, luhnValid } from './cards';

const NOW = new Date('2025-06-15T12:00:00Z');
const valid = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect((error as AppError).code).toBe(ErrorCode.BadUserInput);
    return (error as AppError).field;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('luhnValid', () => {
  it.each(['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '79927398713'])(
    'accepts %s',
    (number) => expect(luhnValid(number)).toBe(true),
  );
  it.each(['4242424242424241', '5555555555554445', '79927398710'])('refuses %s', (number) =>
    expect(luhnValid(number)).toBe(false),
  );
});

describe('cardBrand', () => {
  it.each([
    ['4242424242424242', 'VISA'],
    ['5105105105105100', 'MASTERCARD'],
    ['5555555555554444', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['2720990000000000', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['341111111111111', 'AMEX'],
    ['6200000000000005', 'UNIONPAY'],
    ['6011111111111117', 'DISCOVER'],
    ['6500000000000002', 'DISCOVER'],
    ['3530111333300000', 'JCB'],
    ['3589000000000000', 'JCB'],
    ['2720999999999999', 'MASTERCARD'],
    ['2721000000000000', null],
    ['3600000000000000', null],
  ])('%s is %s', (number, brand) => expect(cardBrand(number)).toBe(brand));
});

describe('checkCard', () => {
  it('keeps the digits, last four, brand and expiry', () => {
    expect(checkCard({ ...valid, number: '4242-4242 4242-4242' }, NOW)).toEqual({
      number: '4242424242424242',
      last4: '4242',
      brand: 'VISA',
      expMonth: 12,
      expYear: 2030,
    });
  });

  it('refuses a number that fails Luhn, has letters, or has the wrong length', () => {
    expect(fieldOf(() => checkCard({ ...valid, number: '4242424242424241' }, NOW))).toBe('input.number');
    expect(fieldOf(() => checkCard({ ...valid, number: '4242abcd42424242' }, NOW))).toBe('input.number');
    expect(fieldOf(() => checkCard({ ...valid, number: '42424242426' }, NOW))).toBe('input.number');
    expect(fieldOf(() => checkCard({ ...valid, number: '4'.repeat(20) }, NOW))).toBe('input.number');
  });

  it('refuses an expired card and a month out of range', () => {
    expect(fieldOf(() => checkCard({ ...valid, expYear: 2024 }, NOW))).toBe('input.expYear');
    expect(fieldOf(() => checkCard({ ...valid, expYear: 2025, expMonth: 5 }, NOW))).toBe('input.expMonth');
    expect(fieldOf(() => checkCard({ ...valid, expMonth: 13 }, NOW))).toBe('input.expMonth');
    expect(fieldOf(() => checkCard({ ...valid, expMonth: 0 }, NOW))).toBe('input.expMonth');
  });

  it('accepts a card expiring this month, and a two-digit year', () => {
    expect(checkCard({ ...valid, expYear: 2025, expMonth: 6 }, NOW).expYear).toBe(2025);
    expect(checkCard({ ...valid, expYear: 27 }, NOW).expYear).toBe(2027);
  });

  it('refuses a CVC that is not 3 or 4 digits', () => {
    expect(fieldOf(() => checkCard({ ...valid, cvc: '12' }, NOW))).toBe('input.cvc');
    expect(fieldOf(() => checkCard({ ...valid, cvc: '12a' }, NOW))).toBe('input.cvc');
    expect(checkCard({ ...valid, cvc: '1234' }, NOW).last4).toBe('4242');
  });

  it('never returns the CVC', () => {
    expect(JSON.stringify(checkCard({ ...valid, cvc: '987' }, NOW))).not.toContain('987');
  });
});
