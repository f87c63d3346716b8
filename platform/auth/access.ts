import { isAnalyst, type PartnerScope, type Viewer } from './viewer';

/** The scopes an account holder granted a partner app that the app still holds (empty: no consent). */
export type ConsentLookup = (partnerAppId: string, accountId: string) => Promise<readonly string[]>;

/**
 * The one rule for reading what belongs to an account, in every subgraph: the account itself,
 * an ANALYST, or a partner app whose token carries `scope` and that the account granted `scope`.
 * Everyone else may not, and what they may not read reads as missing.
 */
export async function mayReadAccount(
  viewer: Viewer,
  accountId: string,
  scope: PartnerScope,
  consent: ConsentLookup,
): Promise<boolean> {
  if (viewer.kind === 'account') return viewer.accountId === accountId || isAnalyst(viewer);
  if (viewer.kind === 'partner') {
    if (!viewer.scopes.includes(scope)) return false;
    return (await consent(viewer.partnerAppId, accountId)).includes(scope);
  }
  return false;
}

/**
 * The rule above bound to one request's viewer, one scope and its consent lookup: what each
 * subgraph's own AccessPolicy is built on.
 */
export class ScopedAccess {
  constructor(
    protected readonly viewer: Viewer,
    private readonly scope: PartnerScope,
    private readonly consent: ConsentLookup,
  ) {}

  /** Whether the viewer may read what belongs to `accountId` under this scope. */
  canReadAccount(accountId: string): Promise<boolean> {
    return mayReadAccount(this.viewer, accountId, this.scope, this.consent);
  }
}
