import { Forbidden, Unauthenticated } from '../errors';

/** Roles a signed-in account may hold. */
export type Role = 'CUSTOMER' | 'ANALYST';

/** Scopes a partner app may be granted by an account holder. */
export const PARTNER_SCOPES = ['accounts:read', 'payments:read', 'events:subscribe'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

/** Who is calling, as proven by a verified token; nothing else about the caller is trusted. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'account'; accountId: string; roles: Role[] }
  | { kind: 'partner'; partnerAppId: string; scopes: PartnerScope[] };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** The signed-in account's id, or UNAUTHENTICATED. Partners act only through consented reads. */
export function requireAccount(viewer: Viewer): string {
  if (viewer.kind === 'account') return viewer.accountId;
  if (viewer.kind === 'partner') throw new Forbidden('Partner apps cannot do this');
  throw new Unauthenticated();
}

export function isAnalyst(viewer: Viewer): boolean {
  return viewer.kind === 'account' && viewer.roles.includes('ANALYST');
}

/** Refuses anyone but an ANALYST: UNAUTHENTICATED when signed out, FORBIDDEN otherwise. */
export function requireAnalyst(viewer: Viewer): string {
  const accountId = requireAccount(viewer);
  if (!isAnalyst(viewer)) throw new Forbidden('Only an analyst can do this');
  return accountId;
}
