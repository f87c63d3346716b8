import { authenticator } from 'otplib';
import { Secrets } from './secrets';
import { acceptableTimeStep, matchingTimeStep, newTotpSecret, otpauthUri } from './totp';

const T0 = Date.UTC(2025, 5, 15, 12, 0, 0);
const codeAt = (secret: string, ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('makes an otpauth URI with the Wallet issuer', () => {
    const uri = otpauthUri('ada@example.com', secret);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Wallet:ada%40example.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('issuer=Wallet');
  });

  it('accepts the current code and one a step either side, not further', () => {
    const step = Math.floor(T0 / 30_000);
    expect(matchingTimeStep(codeAt(secret, T0), secret, T0)).toBe(step);
    expect(matchingTimeStep(codeAt(secret, T0 - 30_000), secret, T0)).toBe(step - 1);
    expect(matchingTimeStep(codeAt(secret, T0 + 30_000), secret, T0)).toBe(step + 1);
    expect(matchingTimeStep(codeAt(secret, T0 - 90_000), secret, T0)).toBeNull();
    expect(matchingTimeStep('12345', secret, T0)).toBeNull();
  });

  it('accepts a code once: the same code, or an older one, is refused after it', () => {
    const code = codeAt(secret, T0);
    const accepted = acceptableTimeStep(code, secret, null, T0);
    expect(accepted).toBe(Math.floor(T0 / 30_000));
    expect(acceptableTimeStep(code, secret, accepted, T0)).toBeNull();
    expect(acceptableTimeStep(code, secret, accepted, T0 + 10_000)).toBeNull();
    expect(acceptableTimeStep(codeAt(secret, T0 - 30_000), secret, accepted, T0)).toBeNull();
    const next = codeAt(secret, T0 + 30_000);
    expect(acceptableTimeStep(next, secret, accepted, T0 + 30_000)).toBe(accepted! + 1);
  });
});

describe('Secrets', () => {
  const secrets = new Secrets('a-card-token-key-for-tests', 'a-partner-pepper-for-tests');

  it('seals an MFA secret so that only the same account opens it', () => {
    const sealed = secrets.sealMfaSecret('JBSWY3DPEHPK3PXP', 'account-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toBe(secrets.sealMfaSecret('JBSWY3DPEHPK3PXP', 'account-1'));
    expect(secrets.openMfaSecret(sealed, 'account-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => secrets.openMfaSecret(sealed, 'account-2')).toThrow();
    expect(() =>
      new Secrets('another-card-token-key', 'x'.repeat(16)).openMfaSecret(sealed, 'account-1'),
    ).toThrow();
  });

  it('tokenises a card number with a keyed, stable HMAC', () => {
    const token = secrets.cardToken('4242424242424242');
    expect(token).toMatch(/^tok_[0-9a-f]{64}$/);
    expect(secrets.cardToken('4242424242424242')).toBe(token);
    expect(new Secrets('another-card-token-key', 'x'.repeat(16)).cardToken('4242424242424242')).not.toBe(
      token,
    );
  });

  it('checks partner secrets against their hash', () => {
    const hash = secrets.partnerSecretHash('pas_secret');
    expect(secrets.partnerSecretMatches('pas_secret', hash)).toBe(true);
    expect(secrets.partnerSecretMatches('pas_other', hash)).toBe(false);
  });
});
