import { BadInput } from '../../../platform/errors';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * Validates an email address and returns its normal form (trimmed, lower-case), the one form
 * stored, looked up and throttled on; `field` names the input field at fault.
 */
export function normalizeEmail(raw: string, field = 'input.email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) {
    throw new BadInput('Enter a valid email address', field);
  }
  return email;
}

/** Validates a display name: trimmed, 1 to 100 characters. */
export function normalizeDisplayName(raw: string, field = 'input.displayName'): string {
  const name = raw.trim();
  if (!name.length || name.length > 100)
    throw new BadInput('The display name must be 1 to 100 characters', field);
  return name;
}
