import { decodeJwt } from 'jose';
import type { Viewer } from './viewer';

/** Anything that turns an `Authorization` value into a viewer, as `Tokens` does. */
export interface ViewerSource {
  viewerOf(authorization: string | undefined): Promise<Viewer>;
}

/**
 * Remembers the viewer of each token it has verified, until the token expires (and at most
 * `maxAgeMs`), so a client's repeated requests cost one signature check. Only valid tokens are
 * remembered. The gateway and every subgraph keep their own: each still verifies a token itself
 * the first time it sees it.
 */
export class VerifiedTokenCache implements ViewerSource {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(
    private readonly tokens: ViewerSource,
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    if (!authorization) return this.tokens.viewerOf(authorization);
    const now = this.now();
    const hit = this.entries.get(authorization);
    if (hit && hit.expiresAt > now) return hit.viewer;
    if (hit) this.entries.delete(authorization);
    const viewer = await this.tokens.viewerOf(authorization);
    const expiresAt = Math.min(now + this.maxAgeMs, expiryOf(authorization) ?? now);
    if (expiresAt > now) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(authorization, { viewer, expiresAt });
    }
    return viewer;
  }
}

function expiryOf(authorization: string): number | undefined {
  try {
    const exp = decodeJwt(authorization.trim().replace(/^Bearer\s+/i, '')).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
