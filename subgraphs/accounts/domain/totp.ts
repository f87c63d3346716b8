import { authenticator } from 'otplib';

/** The issuer name authenticator apps show next to the code. */
export const TOTP_ISSUER = 'Wallet';
const STEP_SECONDS = 30;
/** One step either side is accepted, to forgive a phone clock a little off. */
const WINDOW = 1;

/** A new random base32 TOTP secret (160 bits). */
export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** The `otpauth://` URI an authenticator app scans. */
export function otpauthUri(accountName: string, secret: string): string {
  return authenticator.keyuri(accountName, TOTP_ISSUER, secret);
}

/**
 * The time-step (counter) that `code` is valid for at `nowMs`, within one step either side,
 * or null when the code is wrong.
 */
export function matchingTimeStep(code: string, secret: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = authenticator
    .clone({ epoch: nowMs, window: WINDOW, step: STEP_SECONDS })
    .checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / STEP_SECONDS) + delta;
}

/**
 * The time-step to remember when `code` is accepted, or null when it is wrong or was already
 * used: a code is accepted once, so only a step later than the last accepted one passes.
 */
export function acceptableTimeStep(
  code: string,
  secret: string,
  lastAcceptedStep: number | null | undefined,
  nowMs: number,
): number | null {
  const step = matchingTimeStep(code, secret, nowMs);
  if (step === null) return null;
  if (lastAcceptedStep != null && step <= lastAcceptedStep) return null;
  return step;
}
