import type { Clock } from '../../../platform/clock';
import type { Logger } from '../../../platform/logger';
import { activeSnoozes, entries, type BlockListEntry, type BlockListKind } from '../store/list-store';
import type { RiskStore } from '../store/risk-store';

/**
 * The block lists and the snoozes in memory, so a decision reads neither from the database. This
 * process's own changes apply at once; the whole of both is read again every `refreshMs`, so a
 * change made through another instance of risk takes effect within that time.
 */
export class ListsMemory {
  private blocked = new Map<string, BlockListEntry>();
  private snoozes = new Map<string, Map<string, number>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: RiskStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly refreshMs = 5_000,
  ) {}

  /** Reads both from the store; resolves once they are in memory. */
  async load(): Promise<void> {
    const { store } = this;
    const [list, snoozes] = await store.read((sql) =>
      Promise.all([entries(sql, null), activeSnoozes(sql, store.dialect, this.clock())]),
    );
    this.blocked = new Map(list.map((entry) => [key(entry.kind, entry.value), entry]));
    const next = new Map<string, Map<string, number>>();
    for (const s of snoozes) {
      const rules = next.get(pair(s.accountId, s.payee)) ?? new Map<string, number>();
      rules.set(s.rule, s.until.getTime());
      next.set(pair(s.accountId, s.payee), rules);
    }
    this.snoozes = next;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.load().catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not reload the block lists'),
      );
    }, this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The entries that name any of these. */
  matching(candidates: readonly { kind: BlockListKind; value: string }[]): BlockListEntry[] {
    return candidates.flatMap((c) => this.blocked.get(key(c.kind, c.value)) ?? []);
  }

  /** The rules silenced for an account and payee at `now`. */
  snoozed(accountId: string, payee: string, now: Date): string[] {
    const rules = this.snoozes.get(pair(accountId, payee));
    if (!rules) return [];
    return [...rules].filter(([, until]) => until > now.getTime()).map(([rule]) => rule);
  }

  added(entry: BlockListEntry): void {
    this.blocked.set(key(entry.kind, entry.value), entry);
  }

  removed(entry: BlockListEntry): void {
    this.blocked.delete(key(entry.kind, entry.value));
  }

  snoozedUntil(accountId: string, payee: string, rules: readonly string[], until: Date): void {
    const known = this.snoozes.get(pair(accountId, payee)) ?? new Map<string, number>();
    for (const rule of rules) known.set(rule, until.getTime());
    this.snoozes.set(pair(accountId, payee), known);
  }
}

function key(kind: BlockListKind, value: string): string {
  return `${kind}\u0000${value}`;
}

function pair(accountId: string, payee: string): string {
  return `${accountId}\u0000${payee}`;
}
