import type { RevocationList, Tokens } from '../../../platform/auth';
import type { ScryptParams } from './passwords';
import type { Secrets } from './secrets';

/** What the domain services of accounts share for the life of the service. */
export interface AccountsEnv {
  secrets: Secrets;
  tokens: Tokens;
  /** This process's revocation list: a revocation made here applies to it at once, before its event is relayed. */
  revocations: RevocationList;
  /** The cost new password hashes are made at; older hashes are brought up to it at sign-in. */
  scrypt: ScryptParams;
  /** The clock, injected so tests can move it. */
  now: () => Date;
  /** Asks the outbox relay to publish what a transaction just committed. */
  eventsCommitted: () => void;
}
