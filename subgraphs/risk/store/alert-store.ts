import type { Dialect } from '../../../platform/database';
import { readDate, readJson, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { AlertResolution, AlertSeverity, AlertStatus } from '../contract';
import type { Reason } from '../domain/scoring';

/** A fraud alert as risk stores it. */
export interface StoredAlert {
  id: string;
  accountId: string;
  paymentId: string | null;
  /** The payee of the payment, for a snooze. */
  payee: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  score: number;
  reasons: Reason[];
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

interface AlertRow {
  id: string;
  account_id: string;
  payment_id: string | null;
  payee: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  score: unknown;
  reasons: unknown;
  created_at: unknown;
  resolved_at: unknown;
  resolved_by: string | null;
  resolution_note: string | null;
}

const COLUMNS = `id, account_id, payment_id, payee, severity, status, score, reasons, created_at, resolved_at,
  resolved_by, resolution_note`;

function alertOf(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    accountId: row.account_id,
    paymentId: row.payment_id,
    payee: row.payee,
    severity: row.severity,
    status: row.status,
    score: Number(row.score),
    reasons: readJson<Reason[]>(row.reasons),
    createdAt: readDate(row.created_at),
    resolvedAt: row.resolved_at == null ? null : readDate(row.resolved_at),
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
  };
}

/** Stores a new alert; false when the payment has one already (the first one stands). */
export async function insertAlert(sql: SqlRunner, dialect: Dialect, a: StoredAlert): Promise<boolean> {
  const rows = await sql.all(
    `insert into fraud_alerts (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null)
     on conflict do nothing returning id`,
    [
      a.id,
      a.accountId,
      a.paymentId,
      a.payee,
      a.severity,
      a.status,
      a.score,
      JSON.stringify(a.reasons),
      sqlDate(dialect, a.createdAt),
    ],
  );
  return rows.length > 0;
}

/** Alerts by id. */
export async function alertsById(sql: SqlRunner, ids: readonly string[]): Promise<StoredAlert[]> {
  if (ids.length === 0) return [];
  const rows = await sql.all<AlertRow>(
    `select ${COLUMNS} from fraud_alerts where id in (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return rows.map(alertOf);
}

/** The alerts of these accounts, newest first, optionally of one status. */
export async function alertsOfAccounts(
  sql: SqlRunner,
  accountIds: readonly string[],
  status: AlertStatus | null,
): Promise<StoredAlert[]> {
  if (accountIds.length === 0) return [];
  const rows = await sql.all<AlertRow>(
    `select ${COLUMNS} from fraud_alerts where account_id in (${accountIds.map(() => '?').join(', ')})
     ${status ? 'and status = ?' : ''} order by created_at desc, id desc`,
    [...accountIds, ...(status ? [status] : [])],
  );
  return rows.map(alertOf);
}

/** A page of alerts, newest first, after a cursor. */
export async function alertPage(
  sql: SqlRunner,
  dialect: Dialect,
  options: { status: AlertStatus | null; limit: number; before?: { createdAt: Date; id: string } },
): Promise<StoredAlert[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (options.status) {
    where.push('status = ?');
    params.push(options.status);
  }
  if (options.before) {
    const at = sqlDate(dialect, options.before.createdAt);
    where.push('(created_at < ? or (created_at = ? and id < ?))');
    params.push(at, at, options.before.id);
  }
  const rows = await sql.all<AlertRow>(
    `select ${COLUMNS} from fraud_alerts ${where.length ? `where ${where.join(' and ')}` : ''}
     order by created_at desc, id desc limit ${options.limit}`,
    params,
  );
  return rows.map(alertOf);
}

/** Resolves an OPEN alert; false when it was resolved already. */
export async function resolveAlert(
  sql: SqlRunner,
  dialect: Dialect,
  id: string,
  resolution: { status: AlertResolution; at: Date; by: string; note: string },
): Promise<boolean> {
  const rows = await sql.all(
    `update fraud_alerts set status = ?, resolved_at = ?, resolved_by = ?, resolution_note = ?
     where id = ? and status = 'OPEN' returning id`,
    [resolution.status, sqlDate(dialect, resolution.at), resolution.by, resolution.note, id],
  );
  return rows.length > 0;
}
