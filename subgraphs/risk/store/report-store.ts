import type { Dialect } from '../../../platform/database';
import { readDate, readJson, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';

/** A suspicious activity report: an account, the rule that saw the pattern and the payments in it. */
export interface StoredReport {
  id: string;
  accountId: string;
  rule: string;
  paymentIds: string[];
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ReportRow {
  id: string;
  account_id: string;
  rule: string;
  payment_ids: unknown;
  description: string;
  created_at: unknown;
  updated_at: unknown;
}

function reportOf(row: ReportRow): StoredReport {
  return {
    id: row.id,
    accountId: row.account_id,
    rule: row.rule,
    paymentIds: readJson<string[]>(row.payment_ids),
    description: row.description,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

/**
 * Opens a report for a pattern, or adds its payments to the report the same account and rule
 * opened within `windowMs`: one pattern, one report, however many payments extend it.
 */
export async function openOrExtendReport(
  sql: SqlRunner,
  dialect: Dialect,
  report: StoredReport,
  windowMs: number,
): Promise<StoredReport> {
  const since = new Date(report.createdAt.getTime() - windowMs);
  const [open] = await sql.all<ReportRow>(
    `select * from suspicious_activity_reports where account_id = ? and rule = ? and created_at >= ?
     order by created_at desc limit 1`,
    [report.accountId, report.rule, sqlDate(dialect, since)],
  );
  if (open) {
    const existing = reportOf(open);
    const paymentIds = [...new Set([...existing.paymentIds, ...report.paymentIds])];
    await sql.all(
      'update suspicious_activity_reports set payment_ids = ?, description = ?, updated_at = ? where id = ?',
      [JSON.stringify(paymentIds), report.description, sqlDate(dialect, report.updatedAt), existing.id],
    );
    return { ...existing, paymentIds, description: report.description, updatedAt: report.updatedAt };
  }
  await sql.all(
    `insert into suspicious_activity_reports (id, account_id, rule, payment_ids, description, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
    [
      report.id,
      report.accountId,
      report.rule,
      JSON.stringify(report.paymentIds),
      report.description,
      sqlDate(dialect, report.createdAt),
      sqlDate(dialect, report.updatedAt),
    ],
  );
  return report;
}

/** A page of reports, newest first, after a cursor. */
export async function reportPage(
  sql: SqlRunner,
  dialect: Dialect,
  options: { limit: number; before?: { createdAt: Date; id: string } },
): Promise<StoredReport[]> {
  const at = options.before ? sqlDate(dialect, options.before.createdAt) : undefined;
  const rows = await sql.all<ReportRow>(
    `select * from suspicious_activity_reports
     ${options.before ? 'where created_at < ? or (created_at = ? and id < ?)' : ''}
     order by created_at desc, id desc limit ${options.limit}`,
    options.before ? [at, at, options.before.id] : [],
  );
  return rows.map(reportOf);
}

/** Reports by id. */
export async function reportsById(sql: SqlRunner, ids: readonly string[]): Promise<StoredReport[]> {
  if (ids.length === 0) return [];
  const rows = await sql.all<ReportRow>(
    `select * from suspicious_activity_reports where id in (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return rows.map(reportOf);
}
