import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BadInput } from '../../../platform/errors';

/** The scrypt cost: memory-hard (128 * N * r = 32 MiB per hash), as OWASP recommends. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const MIN_LENGTH = 10;
const MAX_LENGTH = 200;

/** Passwords so common that a guesser tries them first, whatever their length. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1q2w3e4r5t',
  'qwertyuiop',
  'password1',
  'password12',
  'password123',
  'password1!',
  'password!1',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou12',
  'iloveyou123',
  'qwerty1234',
  'qwerty12345',
  'abc1234567',
  'abcdefghij',
  'letmein123',
  'welcome123',
  'welcome1!',
  'admin12345',
  'changeme123',
  'football123',
  'baseball123',
  'monkey12345',
  'dragon12345',
  'sunshine123',
  'princess123',
  'trustno1234',
]);

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
}

/**
 * Refuses passwords that are easy to guess: shorter than 10 characters, made of one character
 * class only (all digits, all lower-case...), or on the list of most common passwords.
 */
export function checkPasswordPolicy(password: string, field = 'input.password'): void {
  if (password.length < MIN_LENGTH) {
    throw new BadInput(`The password must be at least ${MIN_LENGTH} characters`, field);
  }
  if (password.length > MAX_LENGTH) {
    throw new BadInput(`The password must be at most ${MAX_LENGTH} characters`, field);
  }
  if (characterClasses(password) < 2) {
    throw new BadInput(
      'The password must mix at least two kinds of characters (letters, digits, symbols)',
      field,
    );
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw new BadInput('This password is too common; choose another', field);
  }
}

/**
 * Hashes a password with scrypt and a random salt into a self-describing string
 * (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without breaking old hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = SCRYPT_PARAMS;
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches a stored hash, compared in constant time; malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((value) => Number.isInteger(value) && value > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!expected.length) return false;
  const actual = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, checked when the email is unknown so that an unknown email
 * and a wrong password take the same time.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
