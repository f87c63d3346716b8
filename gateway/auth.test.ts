import { generateKeyPair } from 'jose';
import {
  RevocationList,
  Tokens,
  VerifiedTokenCache,
  type TokenSource,
  type VerifiedToken,
} from '../platform/auth';
import { clientAddress, gatewayContext, trustedProxies } from './auth';

/** Counts the signature checks that reach the real verifier. */
class CountingTokens implements TokenSource {
  calls = 0;
  constructor(private readonly tokens: Tokens) {}
  tokenOf(authorization: string | undefined): Promise<VerifiedToken | null> {
    this.calls += 1;
    return this.tokens.tokenOf(authorization);
  }
}

const noRevocations = () => new RevocationList(3_600_000);

async function tokensWithTtl(ttlSeconds: number): Promise<Tokens> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return new Tokens({ privateKey, publicKey } as ConstructorParameters<typeof Tokens>[0], 'test', ttlSeconds);
}

const request = (authorization?: string) => ({
  authorization,
  requestId: 'r1',
  headers: {},
  remoteAddress: '10.0.0.7',
});
const trustLoopback = trustedProxies(['loopback']);

describe('gateway authentication', () => {
  it('builds the context of a signed-in caller with what it forwards', async () => {
    const tokens = await tokensWithTtl(60);
    const token = await tokens.signAccount('acc-1', ['CUSTOMER']);
    await expect(gatewayContext(request(`Bearer ${token}`), tokens, trustLoopback)).resolves.toEqual({
      viewer: { kind: 'account', accountId: 'acc-1', roles: ['CUSTOMER'] },
      authorization: `Bearer ${token}`,
      requestId: 'r1',
      clientIp: '10.0.0.7',
    });
  });

  it('lets a caller without a token in as anonymous', async () => {
    const context = await gatewayContext(request(), await tokensWithTtl(60), trustLoopback);
    expect(context.viewer).toEqual({ kind: 'anonymous' });
  });

  it('refuses an invalid token with UNAUTHENTICATED and HTTP 401', async () => {
    const error = await gatewayContext(
      request('Bearer forged'),
      await tokensWithTtl(60),
      trustLoopback,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'The token is not valid',
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  });
});

describe('the client address', () => {
  const from = (remoteAddress: string, forwardedFor?: string) => ({
    requestId: 'r1',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

  it('is the socket peer when nothing is forwarded', () => {
    expect(clientAddress(from('203.0.113.5'), trustLoopback)).toBe('203.0.113.5');
  });

  it('believes X-Forwarded-For from a trusted proxy, walking past every trusted hop', () => {
    expect(clientAddress(from('127.0.0.1', '198.51.100.7'), trustLoopback)).toBe('198.51.100.7');
    const behindTwo = trustedProxies(['loopback', '10.0.0.0/8']);
    expect(clientAddress(from('127.0.0.1', '198.51.100.7, 10.1.2.3'), behindTwo)).toBe('198.51.100.7');
    // A hop that is not trusted is the client, whatever it claims came before it.
    expect(clientAddress(from('127.0.0.1', '198.51.100.7, 203.0.113.9'), behindTwo)).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress(from('203.0.113.5', '198.51.100.7'), trustLoopback)).toBe('203.0.113.5');
    expect(clientAddress(from('127.0.0.1', '198.51.100.7'), trustedProxies(['10.0.0.0/8']))).toBe(
      '127.0.0.1',
    );
    expect(clientAddress(from('127.0.0.1', '198.51.100.7'), trustedProxies([]))).toBe('127.0.0.1');
  });

  it('refuses a TRUSTED_PROXIES entry it cannot read', () => {
    expect(() => trustedProxies(['not-an-address'])).toThrow();
  });
});

describe('VerifiedTokenCache', () => {
  it('checks a token once while it is valid', async () => {
    const tokens = await tokensWithTtl(60);
    const counting = new CountingTokens(tokens);
    const cache = new VerifiedTokenCache(counting, noRevocations());
    const authorization = `Bearer ${await tokens.signAccount('acc-1', ['CUSTOMER'])}`;
    await cache.viewerOf(authorization);
    const viewer = await cache.viewerOf(authorization);
    expect(viewer).toEqual({ kind: 'account', accountId: 'acc-1', roles: ['CUSTOMER'] });
    expect(counting.calls).toBe(1);
  });

  it('checks again once the token is past its expiry', async () => {
    const tokens = await tokensWithTtl(30);
    const counting = new CountingTokens(tokens);
    let now = Date.now();
    const cache = new VerifiedTokenCache(counting, noRevocations(), 10, 60_000, () => now);
    const authorization = `Bearer ${await tokens.signAccount('acc-1', [])}`;
    await cache.viewerOf(authorization);
    now += 29_000;
    await cache.viewerOf(authorization);
    expect(counting.calls).toBe(1);
    now += 2_000; // past the token's 30 s, though within the cache's 60 s
    await cache.viewerOf(authorization);
    expect(counting.calls).toBe(2);
  });

  it('never remembers an invalid token', async () => {
    const counting = new CountingTokens(await tokensWithTtl(60));
    const cache = new VerifiedTokenCache(counting, noRevocations());
    await expect(cache.viewerOf('Bearer forged')).rejects.toThrow();
    await expect(cache.viewerOf('Bearer forged')).rejects.toThrow();
    expect(counting.calls).toBe(2);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const tokens = await tokensWithTtl(60);
    const counting = new CountingTokens(tokens);
    const cache = new VerifiedTokenCache(counting, noRevocations(), 2);
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map(async (id) => `Bearer ${await tokens.signAccount(id, [])}`),
    );
    for (const token of [a, b, c, c, b]) await cache.viewerOf(token);
    expect(counting.calls).toBe(3);
    await cache.viewerOf(a);
    expect(counting.calls).toBe(4);
  });

  it('refuses a token revoked after it was cached, by its id or by its account, without checking it again', async () => {
    const tokens = await tokensWithTtl(60);
    const counting = new CountingTokens(tokens);
    const revocations = noRevocations();
    const cache = new VerifiedTokenCache(counting, revocations);
    // Issued a second ago: strictly before the revocation below, however fast the machine.
    const before = new Date(Date.now() - 1000);
    const signedOut = `Bearer ${await tokens.signAccount('acc-1', ['CUSTOMER'], before)}`;
    const other = `Bearer ${await tokens.signAccount('acc-1', ['CUSTOMER'], before)}`;
    const { tokenId, expiresAt } = (await cache.tokenOf(signedOut))!;
    await cache.tokenOf(other);

    revocations.apply({ accountId: 'acc-1', tokenId, expiresAt: expiresAt.toISOString() });
    await expect(cache.viewerOf(signedOut)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The token has been revoked',
    });
    await expect(cache.viewerOf(other)).resolves.toMatchObject({ accountId: 'acc-1' });
    expect(counting.calls).toBe(2);

    const revokedAt = new Date();
    revocations.apply({ accountId: 'acc-1', validAfter: revokedAt.toISOString() });
    await expect(cache.viewerOf(other)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const fresh = `Bearer ${await tokens.signAccount('acc-1', ['CUSTOMER'], revokedAt)}`;
    await expect(cache.viewerOf(fresh)).resolves.toMatchObject({ accountId: 'acc-1' });
    await expect(cache.viewerOf(signedOut)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
