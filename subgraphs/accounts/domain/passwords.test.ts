import { loadConfig } from '../../../platform/config';
import { ErrorCode, type AppError } from '../../../platform/errors';
import { normalizeEmail } from './email';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  scryptParams,
  verifyPassword,
} from './passwords';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('checkPasswordPolicy', () => {
  it.each([
    ['too short', 'Ab1!xyz'],
    ['one class: lower-case', 'abcdefghijklmnop'],
    ['one class: digits', '12345678901234'],
    ['one class: upper-case', 'ABCDEFGHIJKL'],
    ['common', 'Password123'],
    ['common', 'qwerty1234'],
  ])('refuses a password that is %s', (_why, password) => {
    const error = refusal(() => checkPasswordPolicy(password));
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.field).toBe('input.password');
  });

  it('accepts a long passphrase and a mixed password', () => {
    expect(() => checkPasswordPolicy('correct horse battery staple')).not.toThrow();
    expect(() => checkPasswordPolicy('Tr0ub4dor&3x')).not.toThrow();
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com'));
  it.each(['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com'])(
    'refuses %p on input.email',
    (email) => {
      const error = refusal(() => normalizeEmail(email));
      expect(error.code).toBe(ErrorCode.BadUserInput);
      expect(error.field).toBe('input.email');
    },
  );
});

describe('hashPassword', () => {
  const cheap = scryptParams(12);

  it("hashes at OWASP's cost by default: N = 2^17, r = 8, p = 1", async () => {
    const config = loadConfig({});
    const hash = await hashPassword('correct horse battery staple', scryptParams(config.passwordScryptLogN));
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
  });

  it('stores a self-describing scrypt hash with a random salt, and verifies it', async () => {
    const first = await hashPassword('correct horse battery staple', cheap);
    const second = await hashPassword('correct horse battery staple', cheap);
    expect(first).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    await expect(verifyPassword('correct horse battery staple', first)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', first)).resolves.toBe(false);
  });

  it('verifies a hash with the parameters it names, and says when it is below the current cost', async () => {
    const old = await hashPassword('correct horse battery staple', scryptParams(10));
    await expect(verifyPassword('correct horse battery staple', old)).resolves.toBe(true);
    expect(needsRehash(old, cheap)).toBe(true);
    expect(needsRehash(await hashPassword('correct horse battery staple', cheap), cheap)).toBe(false);
    expect(needsRehash(old, scryptParams(10))).toBe(false);
  });

  it('never matches a malformed hash', async () => {
    await expect(verifyPassword('anything at all', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'scrypt$x$8$1$c2FsdA==$aGFzaA==')).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'scrypt$1000$8$1$c2FsdA==$aGFzaA==')).resolves.toBe(false);
  });

  it('keeps one dummy hash per cost, made at that cost', async () => {
    const dummy = await dummyPasswordHash(cheap);
    expect(dummy).toMatch(/^scrypt\$4096\$8\$1\$/);
    await expect(dummyPasswordHash(cheap)).resolves.toBe(dummy);
    await expect(dummyPasswordHash(scryptParams(11))).resolves.toMatch(/^scrypt\$2048\$/);
  });
});
