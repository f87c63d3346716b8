import { DualMigration } from '../../../../platform/database';

/**
 * The accounts tables: accounts (email unique), funding sources (one ACTIVE source per account
 * and token), partner apps (client id unique), consents (one per app and account) and the
 * sign-in throttle counters.
 */
export class Migration0001Init extends DualMigration {
  sqlite(): string[] {
    return [
      `create table accounts (
        id text not null primary key,
        email text not null,
        display_name text not null,
        password_hash text not null,
        status text check (status in ('ACTIVE', 'FROZEN', 'CLOSED')) not null default 'ACTIVE',
        status_reason text null,
        roles json not null,
        mfa_enabled integer not null default false,
        mfa_secret_sealed text null,
        mfa_last_step integer null,
        created_at datetime not null,
        updated_at datetime not null
      )`,
      'create unique index accounts_email_unique on accounts (email)',
      `create table funding_sources (
        id text not null primary key,
        account_id text not null,
        kind text check (kind in ('BANK_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD')) not null,
        label text not null,
        last4 text not null,
        brand text null,
        exp_month integer null,
        exp_year integer null,
        holder_name text not null,
        token text not null,
        status text check (status in ('ACTIVE', 'REMOVED')) not null,
        created_at datetime not null,
        removed_at datetime null
      )`,
      'create index funding_sources_account on funding_sources (account_id, created_at)',
      `create unique index funding_sources_active_token on funding_sources (account_id, token) where status = 'ACTIVE'`,
      `create table partner_apps (
        id text not null primary key,
        owner_account_id text not null,
        name text not null,
        client_id text not null,
        client_secret_hash text not null,
        scopes json not null,
        created_at datetime not null
      )`,
      'create unique index partner_apps_client_id_unique on partner_apps (client_id)',
      'create index partner_apps_owner on partner_apps (owner_account_id)',
      `create table partner_consents (
        id text not null primary key,
        partner_app_id text not null,
        account_id text not null,
        scopes json not null,
        created_at datetime not null,
        updated_at datetime not null
      )`,
      'create unique index partner_consents_app_account_unique on partner_consents (partner_app_id, account_id)',
      'create index partner_consents_account on partner_consents (account_id)',
      `create table sign_in_throttles (
        key text not null primary key,
        failures integer not null default 0,
        window_started_at datetime not null
      )`,
    ];
  }

  postgresql(): string[] {
    return [
      `create table accounts (
        id varchar(36) not null,
        email varchar(254) not null,
        display_name varchar(100) not null,
        password_hash varchar(255) not null,
        status text check (status in ('ACTIVE', 'FROZEN', 'CLOSED')) not null default 'ACTIVE',
        status_reason varchar(500) null,
        roles jsonb not null,
        mfa_enabled boolean not null default false,
        mfa_secret_sealed text null,
        mfa_last_step int null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        constraint accounts_pkey primary key (id),
        constraint accounts_email_unique unique (email)
      )`,
      `create table funding_sources (
        id varchar(36) not null,
        account_id varchar(36) not null,
        kind text check (kind in ('BANK_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD')) not null,
        label varchar(100) not null,
        last4 varchar(4) not null,
        brand varchar(20) null,
        exp_month int null,
        exp_year int null,
        holder_name varchar(140) not null,
        token varchar(100) not null,
        status text check (status in ('ACTIVE', 'REMOVED')) not null,
        created_at timestamptz not null,
        removed_at timestamptz null,
        constraint funding_sources_pkey primary key (id)
      )`,
      'create index funding_sources_account on funding_sources (account_id, created_at)',
      `create unique index funding_sources_active_token on funding_sources (account_id, token) where status = 'ACTIVE'`,
      `create table partner_apps (
        id varchar(36) not null,
        owner_account_id varchar(36) not null,
        name varchar(100) not null,
        client_id varchar(64) not null,
        client_secret_hash varchar(64) not null,
        scopes jsonb not null,
        created_at timestamptz not null,
        constraint partner_apps_pkey primary key (id),
        constraint partner_apps_client_id_unique unique (client_id)
      )`,
      'create index partner_apps_owner on partner_apps (owner_account_id)',
      `create table partner_consents (
        id varchar(36) not null,
        partner_app_id varchar(36) not null,
        account_id varchar(36) not null,
        scopes jsonb not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        constraint partner_consents_pkey primary key (id),
        constraint partner_consents_app_account_unique unique (partner_app_id, account_id)
      )`,
      'create index partner_consents_account on partner_consents (account_id)',
      `create table sign_in_throttles (
        key varchar(300) not null,
        failures int not null default 0,
        window_started_at timestamptz not null,
        constraint sign_in_throttles_pkey primary key (key)
      )`,
    ];
  }
}
