import { BadInput } from '../../../platform/errors';

/** Card networks recognised from a number's leading digits (its IIN). */
export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'UNIONPAY' | 'DISCOVER' | 'JCB';

/** A card that passed every check; the number lives only as long as this value. */
export interface CheckedCard {
  number: string;
  last4: string;
  brand: CardBrand | null;
  expMonth: number;
  expYear: number;
}

/** What a client sends to link a card. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** Whether a string of digits passes the Luhn checksum. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The network of a card number by its IIN ranges, or null when none matches. */
export function cardBrand(digits: string): CardBrand | null {
  const prefix = (length: number) => Number(digits.slice(0, length));
  if (digits.startsWith('4')) return 'VISA';
  if ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720)) return 'MASTERCARD';
  if (prefix(2) === 34 || prefix(2) === 37) return 'AMEX';
  if (prefix(4) === 6011 || prefix(2) === 65) return 'DISCOVER';
  if (prefix(2) === 62) return 'UNIONPAY';
  if (prefix(4) >= 3528 && prefix(4) <= 3589) return 'JCB';
  return null;
}

/** Four-digit year: a two-digit year (`27`) means 2027. */
function fullYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

/**
 * Checks a card as sent (digits after removing spaces and dashes, 12 to 19 of them, Luhn; an
 * expiry month 1-12 not in the past at `now`; a 3 or 4 digit CVC). The CVC is only checked,
 * never returned; each failure names its input field.
 */
export function checkCard(input: CardInput, now: Date = new Date()): CheckedCard {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw new BadInput('The card number is not valid', 'input.number');
  }
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
    throw new BadInput('The expiry month must be between 1 and 12', 'input.expMonth');
  }
  const expYear = fullYear(input.expYear);
  if (!Number.isInteger(expYear) || expYear < 2000 || expYear > 2100) {
    throw new BadInput('The expiry year is not valid', 'input.expYear');
  }
  const currentYear = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  if (expYear < currentYear) throw new BadInput('The card has expired', 'input.expYear');
  if (expYear === currentYear && input.expMonth < currentMonth) {
    throw new BadInput('The card has expired', 'input.expMonth');
  }
  if (!/^\d{3,4}$/.test(input.cvc)) throw new BadInput('The CVC must be 3 or 4 digits', 'input.cvc');
  return { number, last4: number.slice(-4), brand: cardBrand(number), expMonth: input.expMonth, expYear };
}
