import { Unauthenticated } from '../errors';
import type { RevocationList } from './revocations';
import type { VerifiedToken } from './tokens';
import { ANONYMOUS, type Viewer } from './viewer';

/** Anything that turns an `Authorization` value into a viewer, as `Tokens` does. */
export interface ViewerSource {
  viewerOf(authorization: string | undefined): Promise<Viewer>;
}

/** Anything that turns an `Authorization` value into its verified token (null when absent), as `Tokens` does. */
export interface TokenSource {
  tokenOf(authorization: string | undefined): Promise<VerifiedToken | null>;
}

/**
 * Remembers each token it has verified, until the token expires (and at most `maxAgeMs`), so a
 * client's repeated requests cost one signature check. Only valid tokens are remembered, and
 * every answer, cached or not, is checked against the revocation list first: a token revoked
 * after it was cached is refused at once. The gateway and every subgraph keep their own: each
 * still verifies a token itself the first time it sees it.
 */
export class VerifiedTokenCache implements ViewerSource, TokenSource {
  private readonly entries = new Map<string, { token: VerifiedToken; until: number }>();

  constructor(
    private readonly tokens: TokenSource,
    private readonly revocations: RevocationList,
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    return (await this.tokenOf(authorization))?.viewer ?? ANONYMOUS;
  }

  async tokenOf(authorization: string | undefined): Promise<VerifiedToken | null> {
    if (!authorization) return null;
    const now = this.now();
    const hit = this.entries.get(authorization);
    if (hit && hit.until > now) return this.unlessRevoked(authorization, hit.token);
    if (hit) this.entries.delete(authorization);
    const token = await this.tokens.tokenOf(authorization);
    if (!token) return null;
    this.unlessRevoked(authorization, token);
    const until = Math.min(now + this.maxAgeMs, token.expiresAt.getTime());
    if (until > now) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(authorization, { token, until });
    }
    return token;
  }

  /** The token, unless the revocation list refuses it: then it is forgotten and UNAUTHENTICATED. */
  private unlessRevoked(authorization: string, token: VerifiedToken): VerifiedToken {
    if (!this.revocations.refuses(token)) return token;
    this.entries.delete(authorization);
    throw new Unauthenticated('The token has been revoked');
  }
}
