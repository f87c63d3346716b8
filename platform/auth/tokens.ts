import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Unauthenticated } from '../errors';
import { JWT_ALGORITHM, type SigningKeys } from './keys';
import { ANONYMOUS, PARTNER_SCOPES, type PartnerScope, type Role, type Viewer } from './viewer';

const AUDIENCE = 'wallet-graph';
const ROLES: readonly Role[] = ['CUSTOMER', 'ANALYST'];

/** Issues and verifies the graph's JWTs (ES256). Accounts signs; every service verifies. */
export class Tokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  /** A token for a signed-in account. */
  signAccount(accountId: string, roles: Role[]): Promise<string> {
    return this.sign({ typ: 'account', roles }, accountId);
  }

  /** A token for a partner app acting with its granted scopes. */
  signPartner(partnerAppId: string, scopes: PartnerScope[]): Promise<string> {
    return this.sign({ typ: 'partner', scope: scopes.join(' ') }, partnerAppId);
  }

  /** The viewer of an `Authorization` value: anonymous when absent, UNAUTHENTICATED when invalid. */
  async viewerOf(authorization: string | undefined | null): Promise<Viewer> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new Unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<Viewer> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: this.issuer,
        audience: AUDIENCE,
        algorithms: [JWT_ALGORITHM],
      });
      const subject = payload.sub;
      if (!subject) throw new Unauthenticated('The token has no subject');
      if (payload.typ === 'account') {
        const roles = Array.isArray(payload.roles)
          ? payload.roles.filter((role): role is Role => ROLES.includes(role as Role))
          : [];
        return { kind: 'account', accountId: subject, roles };
      }
      if (payload.typ === 'partner') {
        const scopes = String(payload.scope ?? '')
          .split(' ')
          .filter((scope): scope is PartnerScope => PARTNER_SCOPES.includes(scope as PartnerScope));
        return { kind: 'partner', partnerAppId: subject, scopes };
      }
      throw new Unauthenticated('Unknown token type');
    } catch (error) {
      if (error instanceof Unauthenticated) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new Unauthenticated('The token has expired');
      throw new Unauthenticated('The token is not valid');
    }
  }

  private sign(claims: Record<string, unknown>, subject: string): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.keys.privateKey);
  }
}
