import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Unauthenticated } from '../errors';
import { JWT_ALGORITHM, type SigningKeys } from './keys';
import { ANONYMOUS, PARTNER_SCOPES, type PartnerScope, type Role, type Viewer } from './viewer';

const AUDIENCE = 'wallet-graph';
const ROLES: readonly Role[] = ['CUSTOMER', 'ANALYST'];

/** Whom a token can speak for: a signed-in account or a partner app, never the anonymous caller. */
export type TokenViewer = Exclude<Viewer, { kind: 'anonymous' }>;

/**
 * A token that passed its signature and claims checks: its viewer, and what a revocation is
 * checked against (the viewer itself stays free of token details).
 */
export interface VerifiedToken {
  viewer: TokenViewer;
  /** The token's own id (`jti`): what signing out revokes. */
  tokenId: string;
  /** When it was issued, to the millisecond: an account's revocation refuses tokens issued before it. */
  issuedAt: Date;
  expiresAt: Date;
}

/** Issues and verifies the graph's JWTs (ES256). Accounts signs; every service verifies. */
export class Tokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    /** How long a token lives; revocations are kept as long as a token they refuse may. */
    readonly ttlSeconds: number,
  ) {}

  /** A token for a signed-in account, issued at `issuedAt` (the caller's clock). */
  signAccount(accountId: string, roles: Role[], issuedAt: Date = new Date()): Promise<string> {
    return this.sign({ typ: 'account', roles }, accountId, issuedAt);
  }

  /** A token for a partner app acting with its granted scopes. */
  signPartner(partnerAppId: string, scopes: PartnerScope[], issuedAt: Date = new Date()): Promise<string> {
    return this.sign({ typ: 'partner', scope: scopes.join(' ') }, partnerAppId, issuedAt);
  }

  /** The viewer of an `Authorization` value: anonymous when absent, UNAUTHENTICATED when invalid. */
  async viewerOf(authorization: string | undefined | null): Promise<Viewer> {
    return (await this.tokenOf(authorization))?.viewer ?? ANONYMOUS;
  }

  /** The verified token of an `Authorization` value: null when absent, UNAUTHENTICATED when invalid. */
  async tokenOf(authorization: string | undefined | null): Promise<VerifiedToken | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new Unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verifyToken(match[1]);
  }

  /** The viewer of a bare token; UNAUTHENTICATED when it is not valid. */
  async verify(token: string): Promise<Viewer> {
    return (await this.verifyToken(token)).viewer;
  }

  /** Checks a bare token's signature and claims; UNAUTHENTICATED when it is not valid. */
  async verifyToken(token: string): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: this.issuer,
        audience: AUDIENCE,
        algorithms: [JWT_ALGORITHM],
      });
      const subject = payload.sub;
      if (!subject) throw new Unauthenticated('The token has no subject');
      const { jti, iat, exp } = payload;
      if (typeof jti !== 'string' || !jti || typeof iat !== 'number' || typeof exp !== 'number') {
        throw new Unauthenticated('The token is not valid');
      }
      const times = {
        tokenId: jti,
        issuedAt: new Date(Math.round(iat * 1000)),
        expiresAt: new Date(exp * 1000),
      };
      if (payload.typ === 'account') {
        const roles = Array.isArray(payload.roles)
          ? payload.roles.filter((role): role is Role => ROLES.includes(role as Role))
          : [];
        return { viewer: { kind: 'account', accountId: subject, roles }, ...times };
      }
      if (payload.typ === 'partner') {
        const scopes = String(payload.scope ?? '')
          .split(' ')
          .filter((scope): scope is PartnerScope => PARTNER_SCOPES.includes(scope as PartnerScope));
        return { viewer: { kind: 'partner', partnerAppId: subject, scopes }, ...times };
      }
      throw new Unauthenticated('Unknown token type');
    } catch (error) {
      if (error instanceof Unauthenticated) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new Unauthenticated('The token has expired');
      throw new Unauthenticated('The token is not valid');
    }
  }

  private sign(claims: Record<string, unknown>, subject: string, issuedAt: Date): Promise<string> {
    const iat = issuedAt.getTime() / 1000;
    return (
      new SignJWT(claims)
        .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(this.issuer)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        // Milliseconds in `iat` (RFC 7519 allows a fraction) tell a token issued just after a
        // revocation from one issued just before it, within the same second.
        .setIssuedAt(iat)
        .setExpirationTime(Math.floor(iat) + this.ttlSeconds)
        .sign(this.keys.privateKey)
    );
  }
}
