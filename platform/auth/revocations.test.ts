import { generateKeyPair } from 'jose';
import { defineCommand, defineEvent, InProcessBus, newEnvelope } from '../bus';
import { createLogger } from '../logger';
import {
  followRevocations,
  RevocationList,
  revocationSchema,
  revocationsInForceSchema,
  type Revocation,
  type RevocationFeed,
} from './revocations';
import { Tokens, type VerifiedToken } from './tokens';
import { z } from 'zod/v4';

const logger = createLogger('silent');
const HOUR = 3_600_000;

/** A feed of the platform's own schemas, as the accounts contract declares it. */
const feed: RevocationFeed = {
  revoked: defineEvent('test.tokens_revoked', 1, revocationSchema),
  inForce: defineCommand('test.revocations', {
    request: z.strictObject({}),
    reply: revocationsInForceSchema,
  }),
};

async function newTokens(): Promise<Tokens> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return new Tokens({ privateKey, publicKey } as ConstructorParameters<typeof Tokens>[0], 'test', 3600);
}

async function tokenOf(tokens: Tokens, accountId: string, issuedAt = new Date()): Promise<VerifiedToken> {
  return tokens.verifyToken(await tokens.signAccount(accountId, ['CUSTOMER'], issuedAt));
}

async function publish(bus: InProcessBus, revocation: Revocation): Promise<void> {
  const envelope = newEnvelope('accounts', feed.revoked, revocation, new Date());
  await bus.publish({ id: envelope.id, type: envelope.type, payload: JSON.stringify(envelope) });
}

describe('RevocationList', () => {
  it("refuses a token by its id, and an account's tokens issued before its instant only", async () => {
    const tokens = await newTokens();
    const list = new RevocationList(HOUR);
    const revokedAt = new Date();
    const before = await tokenOf(tokens, 'acc-1', new Date(revokedAt.getTime() - 1));
    const at = await tokenOf(tokens, 'acc-1', revokedAt);
    const single = await tokenOf(tokens, 'acc-2');
    const untouched = await tokenOf(tokens, 'acc-2');
    list.apply({ accountId: 'acc-1', validAfter: revokedAt.toISOString() });
    list.apply({ accountId: 'acc-2', tokenId: single.tokenId, expiresAt: single.expiresAt.toISOString() });
    expect([before, at, single, untouched].map((token) => list.refuses(token))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    // An older instant arriving late does not move the account's instant back.
    list.apply({ accountId: 'acc-1', validAfter: new Date(revokedAt.getTime() - HOUR).toISOString() });
    expect(list.refuses(before)).toBe(true);
  });

  it('drops entries once no token they refuse can be alive', async () => {
    const tokens = await newTokens();
    let now = Date.now();
    const list = new RevocationList(HOUR, () => now);
    const old = await tokenOf(tokens, 'acc-1', new Date(now - 1));
    const signedOut = await tokenOf(tokens, 'acc-2');
    list.apply({ accountId: 'acc-1', validAfter: new Date(now).toISOString() });
    list.apply({
      accountId: 'acc-2',
      tokenId: signedOut.tokenId,
      expiresAt: signedOut.expiresAt.toISOString(),
    });
    now += HOUR + 60_000;
    list.apply({ accountId: 'acc-3', validAfter: new Date(now).toISOString() });
    expect(list.refuses(old)).toBe(false);
    expect(list.refuses(signedOut)).toBe(false);
  });
});

describe('followRevocations', () => {
  it('loads what the command answers and merges what is published, also while the load is under way', async () => {
    const bus = new InProcessBus(logger);
    const tokens = await newTokens();
    const [loaded, duringLoad, afterLoad, untouched] = await Promise.all(
      ['acc-1', 'acc-2', 'acc-3', 'acc-4'].map((accountId) => tokenOf(tokens, accountId)),
    );
    const asRevoked = (token: VerifiedToken) => ({
      accountId: token.viewer.kind === 'account' ? token.viewer.accountId : '',
      tokenId: token.tokenId,
      expiresAt: token.expiresAt.toISOString(),
    });
    bus.handle(feed.inForce, async () => {
      // Published after the answer was read from the database: only the subscription sees it.
      await publish(bus, asRevoked(duringLoad));
      return { revocations: [asRevoked(loaded)] };
    });
    const list = new RevocationList(HOUR);
    const follower = followRevocations(bus, list, feed, logger);
    await follower.load();
    await publish(bus, { accountId: 'acc-3', validAfter: new Date(Date.now() + 1).toISOString() });
    await bus.drain();
    expect([loaded, duringLoad, afterLoad, untouched].map((token) => list.refuses(token))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    follower.stop();
    await bus.close();
  });

  it('retries the load while nobody answers it yet', async () => {
    const bus = new InProcessBus(logger);
    const tokens = await newTokens();
    const token = await tokenOf(tokens, 'acc-1');
    const list = new RevocationList(HOUR);
    const follower = followRevocations(bus, list, feed, logger, 10);
    const loading = follower.load();
    bus.handle(feed.inForce, async () => ({
      revocations: [{ accountId: 'acc-1', tokenId: token.tokenId, expiresAt: token.expiresAt.toISOString() }],
    }));
    await loading;
    expect(list.refuses(token)).toBe(true);
    follower.stop();
    await bus.close();
  });
});
