import { z } from 'zod/v4';
import {
  CommandUnavailable,
  EPHEMERAL_CONSUMER,
  entityId,
  instant,
  type Bus,
  type CommandContract,
  type EventContract,
} from '../bus';
import type { Logger } from '../logger';
import type { VerifiedToken } from './tokens';

/**
 * A revocation as it travels: one token until it expires (signing out), or every token of an
 * account issued before an instant (signing out everywhere, a new password, a freeze, a new role).
 */
export const revocationSchema = z.union([
  z.object({ accountId: entityId, tokenId: entityId, expiresAt: instant }),
  z.object({ accountId: entityId, validAfter: instant }),
]);
/** One revocation, as the list applies it. */
export type Revocation = z.output<typeof revocationSchema>;

/** The revocations still in force, as a process loads them at start. */
export const revocationsInForceSchema = z.object({ revocations: z.array(revocationSchema) });

/** How often entries that can no longer refuse a live token are dropped. */
const PRUNE_EVERY_MS = 60_000;

/**
 * The revoked tokens and accounts' "valid after" instants this process knows of, consulted by
 * every verifier of the process on every request (two map lookups). Entries are dropped once no
 * token they refuse can still be alive.
 */
export class RevocationList {
  private readonly tokens = new Map<string, number>();
  private readonly accounts = new Map<string, number>();
  private nextPruneAt = 0;

  constructor(
    /** The longest a token lives: an account's instant matters that long after it. */
    private readonly maxTokenAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a revocation; applying one again, or an older instant for an account, changes nothing. */
  apply(revocation: Revocation): void {
    if ('tokenId' in revocation) {
      this.tokens.set(revocation.tokenId, Date.parse(revocation.expiresAt));
    } else {
      const validAfter = Date.parse(revocation.validAfter);
      if (validAfter > (this.accounts.get(revocation.accountId) ?? -Infinity)) {
        this.accounts.set(revocation.accountId, validAfter);
      }
    }
    this.prune();
  }

  /** Whether a verified token has been revoked: by its id, or as issued before its account's instant. */
  refuses(token: VerifiedToken): boolean {
    if (this.tokens.has(token.tokenId)) return true;
    if (token.viewer.kind !== 'account') return false;
    const validAfter = this.accounts.get(token.viewer.accountId);
    return validAfter !== undefined && token.issuedAt.getTime() < validAfter;
  }

  private prune(): void {
    const now = this.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + PRUNE_EVERY_MS;
    for (const [tokenId, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(tokenId);
    for (const [accountId, validAfter] of this.accounts) {
      if (validAfter + this.maxTokenAgeMs <= now) this.accounts.delete(accountId);
    }
  }
}

/** Where revocations come from: the event that announces each one, and the command that lists those in force. */
export interface RevocationFeed {
  revoked: EventContract<string, typeof revocationSchema>;
  inForce: CommandContract<z.ZodType, typeof revocationsInForceSchema>;
}

/** A process's subscription to revocations, and the load of those already in force. */
export interface RevocationFollower {
  /** Adds the revocations in force now; retried while nobody answers, then it fails the start. */
  load(): Promise<void>;
  stop(): void;
}

/** How long a process waits for the revocations in force before it refuses to start. */
const LOAD_ATTEMPTS = 30;
const LOAD_RETRY_MS = 1_000;

/**
 * Keeps `list` up to date in this process: subscribes at once (an ephemeral consumer, so every
 * process receives every revocation), and `load()` then adds those already in force. Subscribing
 * first means a revocation published while the load is under way is not missed.
 */
export function followRevocations(
  bus: Bus,
  list: RevocationList,
  feed: RevocationFeed,
  logger: Logger,
  retryMs = LOAD_RETRY_MS,
): RevocationFollower {
  const stop = bus.subscribe(feed.revoked, `${EPHEMERAL_CONSUMER}token-revocations`, async (event) => {
    list.apply(event.data);
    logger.info({ accountId: event.data.accountId, eventId: event.id }, 'token revocation applied');
  });
  return {
    async load() {
      for (let attempt = 1; ; attempt++) {
        try {
          const { revocations } = await bus.request(feed.inForce, {});
          for (const revocation of revocations) list.apply(revocation);
          return;
        } catch (error) {
          if (!(error instanceof CommandUnavailable) || attempt >= LOAD_ATTEMPTS) throw error;
          logger.warn({ err: error, attempt }, 'revocations in force not loaded yet; retrying');
          await new Promise((resolve) => setTimeout(resolve, retryMs));
        }
      }
    },
    stop,
  };
}
