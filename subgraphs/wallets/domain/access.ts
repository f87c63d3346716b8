import { isAnalyst, type Viewer } from '../../../platform/auth';

/** Whether a partner app holds an account's consent to read it. */
export type ConsentCheck = (partnerAppId: string, accountId: string) => Promise<boolean>;

/** The scope of consent that lets a partner app read an account's wallets. */
export const READ_SCOPE = 'accounts:read';

/**
 * Who may see an account's wallets: the account itself, an ANALYST, or a partner app the
 * account granted `accounts:read`. Everyone else sees nothing, as if there were nothing.
 */
export async function mayReadAccount(
  viewer: Viewer,
  accountId: string,
  consent: ConsentCheck,
): Promise<boolean> {
  if (viewer.kind === 'account') return viewer.accountId === accountId || isAnalyst(viewer);
  if (viewer.kind === 'partner') return consent(viewer.partnerAppId, accountId);
  return false;
}
