import type { Tokens } from '../../../platform/auth';
import type { Secrets } from './secrets';

/** What the domain services of accounts share for the life of the service. */
export interface AccountsEnv {
  secrets: Secrets;
  tokens: Tokens;
  /** The clock, injected so tests can move it. */
  now: () => Date;
  /** Asks the outbox relay to publish what a transaction just committed. */
  eventsCommitted: () => void;
}
