import { DualMigration } from '../../../../platform/database';

/**
 * Risk's own tables: the history it learns from payments (so a decision never waits on another
 * service), the assessments with their shadow verdicts, alerts, block lists, snoozes and the
 * suspicious activity reports.
 */
export class Migration0001Init extends DualMigration {
  sqlite(): string[] {
    return tables({ text: 'text', id: 'text', date: 'datetime', json: 'text', int: 'integer' });
  }

  postgresql(): string[] {
    return tables({ text: 'text', id: 'varchar(100)', date: 'timestamptz', json: 'text', int: 'integer' });
  }
}

function tables(t: { text: string; id: string; date: string; json: string; int: string }): string[] {
  return [
    `create table risk_payments (
      payment_id ${t.id} not null primary key,
      account_id ${t.id} not null,
      kind ${t.text} not null,
      status ${t.text} not null,
      amount_minor bigint not null,
      currency ${t.text} not null,
      payee ${t.text} null,
      decline_reason ${t.text} null,
      created_at ${t.date} not null,
      updated_at ${t.date} not null
    )`,
    'create index risk_payments_account on risk_payments (account_id, created_at)',
    `create table risk_assessments (
      payment_id ${t.id} not null primary key,
      account_id ${t.id} not null,
      score ${t.int} not null,
      decision ${t.text} not null,
      reasons ${t.json} not null,
      rule_set_version ${t.text} not null,
      evaluated_at ${t.date} not null,
      shadow_version ${t.text} null,
      shadow_score ${t.int} null,
      shadow_decision ${t.text} null,
      shadow_reasons ${t.json} null
    )`,
    'create index risk_assessments_shadow on risk_assessments (shadow_version, evaluated_at)',
    `create table fraud_alerts (
      id ${t.id} not null primary key,
      account_id ${t.id} not null,
      payment_id ${t.id} null,
      payee ${t.text} null,
      severity ${t.text} not null,
      status ${t.text} not null,
      score ${t.int} not null,
      reasons ${t.json} not null,
      created_at ${t.date} not null,
      resolved_at ${t.date} null,
      resolved_by ${t.id} null,
      resolution_note ${t.text} null
    )`,
    'create index fraud_alerts_status on fraud_alerts (status, created_at)',
    'create index fraud_alerts_account on fraud_alerts (account_id, created_at)',
    'create unique index fraud_alerts_payment on fraud_alerts (payment_id)',
    `create table block_list (
      id ${t.id} not null primary key,
      kind ${t.text} not null,
      value ${t.text} not null,
      reason ${t.text} not null,
      created_by ${t.id} not null,
      created_at ${t.date} not null
    )`,
    'create unique index block_list_entry on block_list (kind, value)',
    `create table funding_fingerprints (
      funding_source_id ${t.id} not null primary key,
      fingerprint ${t.text} not null
    )`,
    `create table rule_snoozes (
      account_id ${t.id} not null,
      payee ${t.text} not null,
      rule ${t.text} not null,
      until ${t.date} not null,
      primary key (account_id, payee, rule)
    )`,
    `create table suspicious_activity_reports (
      id ${t.id} not null primary key,
      account_id ${t.id} not null,
      rule ${t.text} not null,
      payment_ids ${t.json} not null,
      description ${t.text} not null,
      created_at ${t.date} not null,
      updated_at ${t.date} not null
    )`,
    'create index suspicious_activity_reports_created on suspicious_activity_reports (created_at, id)',
    'create index suspicious_activity_reports_account on suspicious_activity_reports (account_id, rule, created_at)',
  ];
}
