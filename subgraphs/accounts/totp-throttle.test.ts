import { authenticator } from 'otplib';
import { errorCodes, ok } from '../../test/support/gql';
import { useStarted } from '../../test/support/lifecycle';
import { AccountCommands } from './contract';
import { TOTP_LIMITS } from './domain/throttle';
import { signUp, startTestAccounts } from './testing/accounts';

const ENABLE = `mutation { enableMfa { secret } }`;
const CONFIRM = `mutation($code: String!) { confirmMfa(code: $code) { mfaEnabled } }`;

const accounts = useStarted(startTestAccounts);

/** A code of the secret that is wrong at every step the check accepts. */
function wrongCode(secret: string): string {
  const near = [-30_000, 0, 30_000].map((offset) =>
    authenticator.clone({ epoch: Date.now() + offset }).generate(secret),
  );
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}

describe('TOTP checks per account', () => {
  it('count wrong codes from confirmMfa and verifyTotp together, and past 10 refuse even the right code', async () => {
    expect(TOTP_LIMITS.perAccount).toBe(10);
    const ada = await signUp(accounts);
    const { secret } = (await ok(accounts.gql<{ enableMfa: { secret: string } }>(ENABLE, {}, ada.token)))
      .enableMfa;

    for (let i = 0; i < 6; i++) {
      const wrong = await accounts.gql(CONFIRM, { code: wrongCode(secret) }, ada.token);
      expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    }
    // A right code gives its own attempt back: the six wrong ones still count.
    const confirmed = await accounts.gql(CONFIRM, { code: authenticator.generate(secret) }, ada.token);
    expect(confirmed.data).toEqual({ confirmMfa: { mfaEnabled: true } });

    for (let i = 0; i < 4; i++) {
      await expect(
        accounts.bus.request(AccountCommands.verifyTotp, {
          accountId: ada.accountId,
          code: wrongCode(secret),
        }),
      ).resolves.toEqual({ valid: false });
    }
    const next = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
    await expect(
      accounts.bus.request(AccountCommands.verifyTotp, { accountId: ada.accountId, code: next }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    // Another account's checks are its own.
    const bob = await signUp(accounts);
    const bobSecret = (await ok(accounts.gql<{ enableMfa: { secret: string } }>(ENABLE, {}, bob.token)))
      .enableMfa.secret;
    const bobConfirmed = await accounts.gql(CONFIRM, { code: authenticator.generate(bobSecret) }, bob.token);
    expect(bobConfirmed.data).toEqual({ confirmMfa: { mfaEnabled: true } });
  });

  it('refuse confirmMfa with RATE_LIMITED after 10 wrong codes, until the window has passed', async () => {
    const ada = await signUp(accounts);
    const { secret } = (await ok(accounts.gql<{ enableMfa: { secret: string } }>(ENABLE, {}, ada.token)))
      .enableMfa;
    for (let i = 0; i < 10; i++) {
      const wrong = await accounts.gql(CONFIRM, { code: wrongCode(secret) }, ada.token);
      expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    }
    const limited = await accounts.gql(CONFIRM, { code: authenticator.generate(secret) }, ada.token);
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(800);

    accounts.setClockOffset(TOTP_LIMITS.windowMs + 1_000);
    try {
      const code = authenticator.clone({ epoch: Date.now() + TOTP_LIMITS.windowMs + 1_000 }).generate(secret);
      const confirmed = await accounts.gql(CONFIRM, { code }, ada.token);
      expect(confirmed.data).toEqual({ confirmMfa: { mfaEnabled: true } });
    } finally {
      accounts.setClockOffset(0);
    }
  });
});
