import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BadInput } from '../../../platform/errors';

/** scrypt's cost: N (CPU and memory, a power of two), r (block size) and p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * The cost passwords are hashed at, from the configured log2(N): OWASP's N = 2^17, r = 8, p = 1
 * by default (128 * N * r = 128 MiB per hash), lowered only outside production.
 */
export function scryptParams(logN: number): ScryptParams {
  return { N: 2 ** logN, r: 8, p: 1 };
}

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

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  // Node refuses to use more than maxmem, and scrypt needs 128 * N * r bytes and a little more.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
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
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  const { N, r, p } = params;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The parameters a stored hash was made with, or null when it is not a hash of ours. */
function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((value) => Number.isInteger(value) && value > 0)) return null;
  // scrypt throws on an N that is not a power of two above 1; such a hash simply never matches.
  if (N < 2 || (N & (N - 1)) !== 0) return null;
  const key = Buffer.from(parts[5], 'base64');
  if (!key.length) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4], 'base64'), key };
}

/**
 * Whether `password` matches a stored hash, checked with the parameters the hash names and
 * compared in constant time; malformed hashes never match.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash) return false;
  const actual = await scrypt(password, hash.salt, hash.key.length, hash.params);
  return timingSafeEqual(actual, hash.key);
}

/** Whether a stored hash was made at a lower cost than `params`, so it should be made again. */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const hash = parseHash(stored);
  if (!hash) return false;
  return hash.params.N < params.N || hash.params.r < params.r || hash.params.p < params.p;
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a random password at the current cost, checked when the email is unknown so that an
 * unknown email and a wrong password take the same time.
 */
export function dummyPasswordHash(params: ScryptParams): Promise<string> {
  const cost = `${params.N}$${params.r}$${params.p}`;
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), params);
    dummyHashes.set(cost, hash);
  }
  return hash;
}
