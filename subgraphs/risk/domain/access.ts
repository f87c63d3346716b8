import { ScopedAccess, type ConsentLookup, type Viewer } from '../../../platform/auth';

/**
 * Who may see a payment's risk assessment: the platform's rule with the `payments:read` scope
 * (the payer, an ANALYST, or a partner app granted `payments:read`). Alerts, block lists and
 * reports are for ANALYSTs only: a customer is never told what an analyst is looking at.
 */
export class AccessPolicy extends ScopedAccess {
  constructor(viewer: Viewer, consent: ConsentLookup) {
    super(viewer, 'payments:read', consent);
  }
}
