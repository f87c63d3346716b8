import { createHash } from 'node:crypto';
import { BadInput } from '../../../platform/errors';

/** The longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

/** Checks an idempotency key: present, not blank, at most 128 characters. */
export function parseIdempotencyKey(key: string | null | undefined, field = 'input.idempotencyKey'): string {
  if (typeof key !== 'string' || key.trim().length === 0) {
    throw new BadInput('An idempotency key is required', field);
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadInput(`The idempotency key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, field);
  }
  return key;
}

/**
 * A fingerprint of a request's parameters: SHA-256 over their canonical JSON (keys sorted,
 * absent and null the same). A retry with the same key and fingerprint is the same request.
 */
export function requestFingerprint(parameters: Record<string, string | null | undefined>): string {
  const canonical = Object.keys(parameters)
    .sort()
    .map((key) => [key, parameters[key] ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
