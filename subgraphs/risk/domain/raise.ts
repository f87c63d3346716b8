import type { Dialect } from '../../../platform/database';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import { RiskEvents } from '../contract';
import { insertAlert, type StoredAlert } from '../store/alert-store';
import type { EventRecorder } from '../store/risk-store';

/**
 * Stores a new OPEN alert and its `risk.alert.raised` event in the transaction under way; a
 * payment that has an alert already keeps that one (false).
 */
export async function raiseAlert(
  sql: SqlRunner,
  dialect: Dialect,
  events: EventRecorder,
  alert: StoredAlert,
): Promise<boolean> {
  if (!(await insertAlert(sql, dialect, alert))) return false;
  await events(RiskEvents.alertRaised, alertEventData(alert), alert.createdAt);
  return true;
}

/** What the alert events say of an alert: enough to act on without asking risk. */
export function alertEventData(alert: StoredAlert) {
  return {
    alertId: alert.id,
    accountId: alert.accountId,
    paymentId: alert.paymentId,
    severity: alert.severity,
    status: alert.status,
    reasonCodes: alert.reasons.map((reason) => reason.code),
    score: alert.score,
    raisedAt: alert.createdAt.toISOString(),
  };
}
