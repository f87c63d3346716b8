import { DualMigration } from '../../../../platform/database';

/**
 * The offers catalogue and activations; what offers learned of merchant payments; cashback
 * owed and credited; points and their redemptions; budgets and the alerts they raised. Unique
 * indexes carry the once-only rules: one activation per offer and account, one cashback per
 * offer and payment, one redemption per idempotency key, one alert per threshold per month.
 */
export class Migration0001Init extends DualMigration {
  sqlite(): string[] {
    return tables({ id: 'text', text: 'text', short: 'text', datetime: 'datetime', bool: 'integer' });
  }

  postgresql(): string[] {
    return tables({
      id: 'varchar(100)',
      text: 'text',
      short: 'varchar(40)',
      datetime: 'timestamptz',
      bool: 'boolean',
    });
  }
}

function tables(t: { id: string; text: string; short: string; datetime: string; bool: string }): string[] {
  return [
    `create table offers (
      id ${t.id} not null primary key,
      title ${t.text} not null,
      description ${t.text} not null,
      category ${t.short} not null,
      currency ${t.short} not null,
      cashback_rate ${t.short} not null,
      min_spend_minor bigint null,
      max_cashback_minor bigint null,
      max_total_cashback_minor bigint null,
      valid_from ${t.datetime} not null,
      valid_until ${t.datetime} not null,
      activations integer not null default 0,
      seeded ${t.bool} not null,
      created_at ${t.datetime} not null
    )`,
    'create index offers_valid_until on offers (valid_until)',
    `create table offer_activations (
      id ${t.id} not null primary key,
      offer_id ${t.id} not null references offers (id),
      account_id ${t.id} not null,
      activated_at ${t.datetime} not null,
      cashback_earned_minor bigint not null default 0
    )`,
    'create unique index offer_activations_offer_account on offer_activations (offer_id, account_id)',
    'create index offer_activations_account on offer_activations (account_id)',
    `create table merchant_spends (
      payment_id ${t.id} not null primary key,
      account_id ${t.id} not null,
      wallet_id ${t.id} not null,
      category ${t.short} not null,
      currency ${t.short} not null,
      amount_minor bigint not null,
      month ${t.short} not null,
      completed_at ${t.datetime} not null
    )`,
    'create index merchant_spends_account_month on merchant_spends (account_id, month)',
    'create index merchant_spends_account_completed on merchant_spends (account_id, completed_at)',
    `create table cashbacks (
      id ${t.id} not null primary key,
      offer_id ${t.id} not null references offers (id),
      account_id ${t.id} not null,
      payment_id ${t.id} not null,
      wallet_id ${t.id} not null,
      amount_minor bigint not null,
      currency ${t.short} not null,
      status ${t.short} not null,
      cashback_payment_id ${t.id} null,
      created_at ${t.datetime} not null,
      updated_at ${t.datetime} not null
    )`,
    'create unique index cashbacks_offer_payment on cashbacks (offer_id, payment_id)',
    'create index cashbacks_payment on cashbacks (payment_id)',
    'create index cashbacks_account on cashbacks (account_id)',
    'create index cashbacks_status on cashbacks (status, created_at)',
    `create table reward_points (
      account_id ${t.id} not null primary key,
      points bigint not null,
      updated_at ${t.datetime} not null
    )`,
    `create table redemptions (
      id ${t.id} not null primary key,
      account_id ${t.id} not null,
      idempotency_key ${t.text} not null,
      wallet_id ${t.id} not null,
      points bigint not null,
      amount_minor bigint not null,
      currency ${t.short} not null,
      status ${t.short} not null,
      payment_id ${t.id} null,
      created_at ${t.datetime} not null,
      updated_at ${t.datetime} not null
    )`,
    'create unique index redemptions_account_key on redemptions (account_id, idempotency_key)',
    'create index redemptions_status on redemptions (status, created_at)',
    `create table budgets (
      id ${t.id} not null primary key,
      account_id ${t.id} not null,
      category ${t.short} not null,
      currency ${t.short} not null,
      limit_minor bigint not null,
      created_at ${t.datetime} not null,
      updated_at ${t.datetime} not null
    )`,
    'create unique index budgets_account_category_currency on budgets (account_id, category, currency)',
    `create table budget_alerts (
      id ${t.id} not null primary key,
      budget_id ${t.id} not null references budgets (id),
      account_id ${t.id} not null,
      category ${t.short} not null,
      currency ${t.short} not null,
      month ${t.short} not null,
      threshold integer not null,
      spent_minor bigint not null,
      limit_minor bigint not null,
      payment_id ${t.id} not null,
      crossed_at ${t.datetime} not null
    )`,
    'create unique index budget_alerts_once on budget_alerts (budget_id, month, threshold)',
    'create index budget_alerts_account on budget_alerts (account_id, crossed_at)',
  ];
}
