import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const MFA_KEY_INFO = 'wallet-graph accounts mfa-secret v1';
const SEALED_PREFIX = 'v1';

/**
 * The keyed operations of the accounts subgraph, derived from the configured keys: card and
 * IBAN tokens (HMAC-SHA256), partner secret hashes (HMAC with the pepper) and the encryption of
 * TOTP secrets (AES-256-GCM under a key derived with HKDF, so it is not the token key itself).
 */
export class Secrets {
  private readonly mfaKey: Buffer;

  constructor(
    private readonly cardTokenKey: string,
    private readonly partnerSecretPepper: string,
  ) {
    this.mfaKey = Buffer.from(hkdfSync('sha256', cardTokenKey, Buffer.alloc(0), MFA_KEY_INFO, 32));
  }

  /** The stable token of a card number: `tok_` and the hex HMAC, the same for the same number. */
  cardToken(number: string): string {
    return `tok_${createHmac('sha256', this.cardTokenKey).update(number).digest('hex')}`;
  }

  /** The stable token of an IBAN, for de-duplication without keeping the IBAN. */
  ibanToken(iban: string): string {
    return `iban_${createHmac('sha256', this.cardTokenKey).update(`iban:${iban}`).digest('hex')}`;
  }

  /** The stored form of a throttle key (an email, a client address): counted, never readable. */
  throttleKey(value: string): string {
    return createHmac('sha256', this.cardTokenKey).update(`throttle:${value}`).digest('hex');
  }

  /** The stored form of a partner app's client secret. */
  partnerSecretHash(secret: string): string {
    return createHmac('sha256', this.partnerSecretPepper).update(secret).digest('hex');
  }

  /** Whether a presented client secret matches its stored hash, in constant time. */
  partnerSecretMatches(secret: string, storedHash: string): boolean {
    const actual = Buffer.from(this.partnerSecretHash(secret), 'hex');
    const expected = Buffer.from(storedHash, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /** Encrypts a TOTP secret, bound to its account id (AAD) so a ciphertext cannot be moved. */
  sealMfaSecret(secret: string, accountId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.mfaKey, iv);
    cipher.setAAD(Buffer.from(accountId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return [SEALED_PREFIX, ...parts].join('.');
  }

  /** Decrypts what `sealMfaSecret` produced; throws when it was tampered with or moved. */
  openMfaSecret(sealed: string, accountId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== SEALED_PREFIX || !iv || !tag || ciphertext === undefined) {
      throw new Error('Unrecognised sealed MFA secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.mfaKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(accountId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
