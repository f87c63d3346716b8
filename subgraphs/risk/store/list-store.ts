import type { Dialect } from '../../../platform/database';
import { readDate, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';

/** What a block-list entry names. */
export type BlockListKind = 'ACCOUNT' | 'MERCHANT' | 'FUNDING_SOURCE' | 'FUNDING_FINGERPRINT';

/** One entry of the analysts' block lists. */
export interface BlockListEntry {
  id: string;
  kind: BlockListKind;
  value: string;
  reason: string;
  createdBy: string;
  createdAt: Date;
}

interface EntryRow {
  id: string;
  kind: BlockListKind;
  value: string;
  reason: string;
  created_by: string;
  created_at: unknown;
}

function entryOf(row: EntryRow): BlockListEntry {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: readDate(row.created_at),
  };
}

/** Adds an entry; an entry of the same kind and value that exists already is returned instead. */
export async function addEntry(
  sql: SqlRunner,
  dialect: Dialect,
  entry: BlockListEntry,
): Promise<BlockListEntry> {
  await sql.all(
    `insert into block_list (id, kind, value, reason, created_by, created_at) values (?, ?, ?, ?, ?, ?)
     on conflict (kind, value) do nothing`,
    [entry.id, entry.kind, entry.value, entry.reason, entry.createdBy, sqlDate(dialect, entry.createdAt)],
  );
  const rows = await sql.all<EntryRow>('select * from block_list where kind = ? and value = ?', [
    entry.kind,
    entry.value,
  ]);
  return entryOf(rows[0]);
}

/** Removes an entry by id; returns it, or null when there is none. */
export async function removeEntry(sql: SqlRunner, id: string): Promise<BlockListEntry | null> {
  const rows = await sql.all<EntryRow>('select * from block_list where id = ?', [id]);
  if (!rows[0]) return null;
  await sql.all('delete from block_list where id = ?', [id]);
  return entryOf(rows[0]);
}

/** Every entry, optionally of one kind, newest first. */
export async function entries(sql: SqlRunner, kind: BlockListKind | null): Promise<BlockListEntry[]> {
  const rows = await sql.all<EntryRow>(
    `select * from block_list ${kind ? 'where kind = ?' : ''} order by created_at desc, id desc`,
    kind ? [kind] : [],
  );
  return rows.map(entryOf);
}

/** Remembers the fingerprint of a funding source, so that blocking the source blocks the instrument. */
export async function rememberFingerprint(
  sql: SqlRunner,
  fundingSourceId: string,
  fingerprint: string,
): Promise<void> {
  await sql.all(
    `insert into funding_fingerprints (funding_source_id, fingerprint) values (?, ?)
     on conflict (funding_source_id) do nothing`,
    [fundingSourceId, fingerprint],
  );
}

/** The fingerprint risk has seen for a funding source, if any. */
export async function fingerprintOf(sql: SqlRunner, fundingSourceId: string): Promise<string | null> {
  const rows = await sql.all<{ fingerprint: string }>(
    'select fingerprint from funding_fingerprints where funding_source_id = ?',
    [fundingSourceId],
  );
  return rows[0]?.fingerprint ?? null;
}

/** Silences rules for an account and payee until `until`. */
export async function snooze(
  sql: SqlRunner,
  dialect: Dialect,
  accountId: string,
  payee: string,
  rules: readonly string[],
  until: Date,
): Promise<void> {
  for (const rule of rules) {
    await sql.all(
      `insert into rule_snoozes (account_id, payee, rule, until) values (?, ?, ?, ?)
       on conflict (account_id, payee, rule) do update set until = excluded.until`,
      [accountId, payee, rule, sqlDate(dialect, until)],
    );
  }
}

/** Every snooze still in force at `now`. */
export async function activeSnoozes(
  sql: SqlRunner,
  dialect: Dialect,
  now: Date,
): Promise<{ accountId: string; payee: string; rule: string; until: Date }[]> {
  const rows = await sql.all<{ account_id: string; payee: string; rule: string; until: unknown }>(
    'select account_id, payee, rule, until from rule_snoozes where until > ?',
    [sqlDate(dialect, now)],
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    payee: row.payee,
    rule: row.rule,
    until: readDate(row.until),
  }));
}
