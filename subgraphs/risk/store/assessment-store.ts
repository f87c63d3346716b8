import type { Dialect } from '../../../platform/database';
import { readDate, readJson, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { RiskDecision } from '../contract';
import type { Reason } from '../domain/scoring';

/** A stored assessment: the active rule set's verdict that decided, and the candidate's beside it. */
export interface StoredAssessment {
  paymentId: string;
  accountId: string;
  score: number;
  decision: RiskDecision;
  reasons: Reason[];
  ruleSetVersion: string;
  evaluatedAt: Date;
  shadow: { version: string; score: number; decision: RiskDecision; reasons: Reason[] } | null;
}

interface AssessmentRow {
  payment_id: string;
  account_id: string;
  score: unknown;
  decision: RiskDecision;
  reasons: unknown;
  rule_set_version: string;
  evaluated_at: unknown;
  shadow_version: string | null;
  shadow_score: unknown;
  shadow_decision: RiskDecision | null;
  shadow_reasons: unknown;
}

const COLUMNS = `payment_id, account_id, score, decision, reasons, rule_set_version, evaluated_at,
  shadow_version, shadow_score, shadow_decision, shadow_reasons`;

function assessmentOf(row: AssessmentRow): StoredAssessment {
  return {
    paymentId: row.payment_id,
    accountId: row.account_id,
    score: Number(row.score),
    decision: row.decision,
    reasons: readJson<Reason[]>(row.reasons),
    ruleSetVersion: row.rule_set_version,
    evaluatedAt: readDate(row.evaluated_at),
    shadow:
      row.shadow_version && row.shadow_decision
        ? {
            version: row.shadow_version,
            score: Number(row.shadow_score),
            decision: row.shadow_decision,
            reasons: readJson<Reason[]>(row.shadow_reasons),
          }
        : null,
  };
}

/** The assessments of these payments. */
export async function assessmentsOf(
  sql: SqlRunner,
  paymentIds: readonly string[],
): Promise<StoredAssessment[]> {
  if (paymentIds.length === 0) return [];
  const rows = await sql.all<AssessmentRow>(
    `select ${COLUMNS} from risk_assessments where payment_id in (${paymentIds.map(() => '?').join(', ')})`,
    paymentIds,
  );
  return rows.map(assessmentOf);
}

function values(dialect: Dialect, a: StoredAssessment): unknown[] {
  return [
    a.paymentId,
    a.accountId,
    a.score,
    a.decision,
    JSON.stringify(a.reasons),
    a.ruleSetVersion,
    sqlDate(dialect, a.evaluatedAt),
    a.shadow?.version ?? null,
    a.shadow?.score ?? null,
    a.shadow?.decision ?? null,
    a.shadow ? JSON.stringify(a.shadow.reasons) : null,
  ];
}

/**
 * Adds a new assessment to the inserts that run as the transaction commits (one statement for
 * the assessments a batch holds); a payment assessed already fails the transaction with
 * UniqueConstraintViolationException: the first assessment stands.
 */
export function appendAssessment(sql: SqlRunner, dialect: Dialect, a: StoredAssessment): void {
  sql.append(
    `insert into risk_assessments (${COLUMNS})`,
    '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    values(dialect, a),
  );
}

/** Stores the assessment payments decided by itself when risk did not answer, over any late one of risk's. */
export async function replaceAssessment(
  sql: SqlRunner,
  dialect: Dialect,
  a: StoredAssessment,
): Promise<void> {
  await sql.all(
    `insert into risk_assessments (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (payment_id) do update set score = excluded.score, decision = excluded.decision,
       reasons = excluded.reasons, rule_set_version = excluded.rule_set_version,
       evaluated_at = excluded.evaluated_at`,
    values(dialect, a),
  );
}

/** The assessments a candidate rule set has judged, newest first, from a page's cursor on. */
export async function shadowedAssessments(
  sql: SqlRunner,
  dialect: Dialect,
  version: string,
  options: { changedOnly: boolean; limit: number; before?: { evaluatedAt: Date; paymentId: string } },
): Promise<StoredAssessment[]> {
  const changed = options.changedOnly ? ' and shadow_decision <> decision' : '';
  const before = options.before ? ' and (evaluated_at < ? or (evaluated_at = ? and payment_id < ?))' : '';
  const at = options.before ? sqlDate(dialect, options.before.evaluatedAt) : undefined;
  const rows = await sql.all<AssessmentRow>(
    `select ${COLUMNS} from risk_assessments where shadow_version = ?${changed}${before}
     order by evaluated_at desc, payment_id desc limit ${options.limit}`,
    [version, ...(options.before ? [at, at, options.before.paymentId] : [])],
  );
  return rows.map(assessmentOf);
}

/** How many decisions the candidate rule set judged, and on how many it disagreed with the active one. */
export async function shadowCounts(
  sql: SqlRunner,
  version: string,
): Promise<{ evaluated: number; changed: number }> {
  const rows = await sql.all<{ evaluated: unknown; changed: unknown }>(
    `select count(*) as evaluated, sum(case when shadow_decision <> decision then 1 else 0 end) as changed
     from risk_assessments where shadow_version = ?`,
    [version],
  );
  return { evaluated: Number(rows[0]?.evaluated ?? 0), changed: Number(rows[0]?.changed ?? 0) };
}
