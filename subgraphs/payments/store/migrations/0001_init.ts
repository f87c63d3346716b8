import { DualMigration } from '../../../../platform/database';

/**
 * Payments and the per-account daily totals that the daily limit reserves against.
 * Indexes: a wallet's payments newest first (as payer and as payee), one idempotency key per
 * paying account, and PENDING payments by age for the recovery pass.
 */
export class Migration0001Init extends DualMigration {
  sqlite(): string[] {
    return [
      `create table payments (
        id text not null primary key,
        kind text not null,
        status text not null,
        account_id text not null,
        destination_account_id text null,
        source_wallet_id text null,
        destination_wallet_id text null,
        funding_source_id text null,
        amount_minor bigint not null,
        currency text not null,
        credited_amount_minor bigint null,
        credited_currency text null,
        fx_rate text null,
        merchant_name text null,
        category text null,
        note text null,
        idempotency_key text not null,
        request_fingerprint text not null,
        risk_decision text null,
        risk_score integer null,
        verification_attempts integer not null default 0,
        decline_reason text null,
        created_at datetime not null,
        updated_at datetime not null,
        completed_at datetime null
      )`,
      'create index payments_source_wallet_created on payments (source_wallet_id, created_at, id)',
      'create index payments_destination_wallet_created on payments (destination_wallet_id, created_at, id)',
      'create unique index payments_account_idempotency_key on payments (account_id, idempotency_key)',
      'create index payments_status_created on payments (status, created_at)',
      `create table payment_daily_totals (
        account_id text not null,
        currency text not null,
        day text not null,
        total_minor bigint not null,
        primary key (account_id, currency, day)
      )`,
    ];
  }

  postgresql(): string[] {
    return [
      `create table payments (
        id varchar(36) not null primary key,
        kind varchar(20) not null,
        status varchar(30) not null,
        account_id varchar(36) not null,
        destination_account_id varchar(36) null,
        source_wallet_id varchar(36) null,
        destination_wallet_id varchar(36) null,
        funding_source_id varchar(36) null,
        amount_minor bigint not null,
        currency varchar(3) not null,
        credited_amount_minor bigint null,
        credited_currency varchar(3) null,
        fx_rate varchar(40) null,
        merchant_name varchar(200) null,
        category varchar(20) null,
        note varchar(500) null,
        idempotency_key varchar(128) not null,
        request_fingerprint varchar(64) not null,
        risk_decision varchar(10) null,
        risk_score int null,
        verification_attempts int not null default 0,
        decline_reason varchar(60) null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        completed_at timestamptz null
      )`,
      'create index payments_source_wallet_created on payments (source_wallet_id, created_at, id)',
      'create index payments_destination_wallet_created on payments (destination_wallet_id, created_at, id)',
      'create unique index payments_account_idempotency_key on payments (account_id, idempotency_key)',
      'create index payments_status_created on payments (status, created_at)',
      `create table payment_daily_totals (
        account_id varchar(36) not null,
        currency varchar(3) not null,
        day varchar(10) not null,
        total_minor bigint not null,
        primary key (account_id, currency, day)
      )`,
    ];
  }
}
