import { requireAnalyst, type Viewer } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { BadInput, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import {
  addEntry,
  entries,
  fingerprintOf,
  removeEntry,
  type BlockListEntry,
  type BlockListKind,
} from '../store/list-store';
import type { RiskStore } from '../store/risk-store';
import { normalizedMerchant } from './assessor';
import type { ListsMemory } from './lists-memory';

/** A new block-list entry, as the API passes it. */
export interface NewEntry {
  kind: BlockListKind;
  value: string;
  reason: string;
}

/**
 * The analysts' block lists: payee accounts, merchants, and funding instruments. Blocking a
 * funding source also blocks its instrument's fingerprint when risk has seen it, so the same
 * card linked to another account is caught too. ANALYSTs only.
 */
export class BlockListService {
  constructor(
    private readonly deps: { store: RiskStore; lists: ListsMemory; clock: Clock; newId: () => string },
  ) {}

  list(viewer: Viewer, kind: BlockListKind | null): Promise<BlockListEntry[]> {
    requireAnalyst(viewer);
    return this.deps.store.read((sql) => entries(sql, kind));
  }

  async add(viewer: Viewer, input: NewEntry): Promise<BlockListEntry> {
    const analystId = requireAnalyst(viewer);
    const { store, clock, newId } = this.deps;
    const reason = input.reason.trim();
    if (!reason || reason.length > 500) throw new BadInput('A reason of 1-500 characters', 'input.reason');
    const value = input.kind === 'MERCHANT' ? normalizedMerchant(input.value) : input.value.trim();
    if (!value || value.length > 200) throw new BadInput('A value of 1-200 characters', 'input.value');
    if ((input.kind === 'ACCOUNT' || input.kind === 'FUNDING_SOURCE') && !isId(value)) {
      throw new BadInput(
        `Not an id of ${input.kind === 'ACCOUNT' ? 'an account' : 'a funding source'}`,
        'input.value',
      );
    }
    const entry = (kind: BlockListKind, entryValue: string): BlockListEntry => ({
      id: newId(),
      kind,
      value: entryValue,
      reason,
      createdBy: analystId,
      createdAt: clock(),
    });
    const added = await store.write(async (sql) => {
      const first = await addEntry(sql, store.dialect, entry(input.kind, value));
      const fingerprint = input.kind === 'FUNDING_SOURCE' ? await fingerprintOf(sql, value) : null;
      const second = fingerprint
        ? await addEntry(sql, store.dialect, entry('FUNDING_FINGERPRINT', fingerprint))
        : null;
      return [first, ...(second ? [second] : [])];
    });
    added.forEach((e) => this.deps.lists.added(e));
    return added[0];
  }

  async remove(viewer: Viewer, id: string): Promise<BlockListEntry> {
    requireAnalyst(viewer);
    const removed = isId(id) ? await this.deps.store.write((sql) => removeEntry(sql, id)) : null;
    if (!removed) throw new NotFound('BlockListEntry', id);
    this.deps.lists.removed(removed);
    return removed;
  }
}
