import { ScopedAccess, type ConsentLookup, type Viewer } from '../../../platform/auth';

/**
 * Who may read an account and what hangs off it (its funding sources): the platform's rule with
 * the `accounts:read` scope. Everything else reads as missing.
 */
export class AccessPolicy extends ScopedAccess {
  constructor(viewer: Viewer, consent: ConsentLookup) {
    super(viewer, 'accounts:read', consent);
  }

  /** Partner apps are public by name and scopes to anyone signed in (a consent screen shows them). */
  canReadPartnerApp(): boolean {
    return this.viewer.kind !== 'anonymous';
  }
}
