import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { BadInput } from '../../../platform/errors';

/** An IBAN that passed its country format and mod-97 check, with its displayable masked form. */
export interface CheckedIban {
  /** The electronic form (no spaces, upper-case): kept only long enough to hash it. */
  iban: string;
  /** Country code and check digits, then the last four: `DE89 •••• 3000`. */
  masked: string;
  last4: string;
}

/** Validates an IBAN (spaces and case ignored) or throws BAD_USER_INPUT on `input.iban`. */
export function checkIban(raw: string): CheckedIban {
  const iban = electronicFormatIBAN(raw) ?? '';
  if (!iban || !isValidIBAN(iban)) throw new BadInput('The IBAN is not valid', 'input.iban');
  const last4 = iban.slice(-4);
  return { iban, masked: `${iban.slice(0, 4)} •••• ${last4}`, last4 };
}
