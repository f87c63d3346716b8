import { isAnalyst, type Viewer } from '../../../platform/auth';

/** Looks up the scopes an account granted a partner app (batched per request by the caller). */
export type ConsentLookup = (partnerAppId: string, accountId: string) => Promise<readonly string[]>;

/**
 * Who may read an account and what hangs off it: the account itself, an ANALYST, or a partner
 * app whose token carries `accounts:read` and that the account granted `accounts:read`.
 * Everything else reads as missing.
 */
export class AccessPolicy {
  constructor(
    private readonly viewer: Viewer,
    private readonly consentScopes: ConsentLookup,
  ) {}

  async canReadAccount(accountId: string): Promise<boolean> {
    const viewer = this.viewer;
    if (viewer.kind === 'account') return viewer.accountId === accountId || isAnalyst(viewer);
    if (viewer.kind === 'partner') {
      if (!viewer.scopes.includes('accounts:read')) return false;
      return (await this.consentScopes(viewer.partnerAppId, accountId)).includes('accounts:read');
    }
    return false;
  }

  /** Partner apps are public by name and scopes to anyone signed in (a consent screen shows them). */
  canReadPartnerApp(): boolean {
    return this.viewer.kind !== 'anonymous';
  }
}
