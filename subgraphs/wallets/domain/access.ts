import { ScopedAccess, type ConsentLookup, type Viewer } from '../../../platform/auth';

/**
 * Who may see an account's wallets: the platform's rule with the `accounts:read` scope (the
 * account itself, an ANALYST, or a partner app holding and granted `accounts:read`). Everyone
 * else sees nothing, as if there were nothing.
 */
export class AccessPolicy extends ScopedAccess {
  constructor(viewer: Viewer, consent: ConsentLookup) {
    super(viewer, 'accounts:read', consent);
  }
}
