import { DualMigration } from '../../../../platform/database';

/**
 * The ledger: accounts (wallets and system accounts) with their balances, immutable entries,
 * transfers and holds under the caller's ids, and the account statuses learned from events.
 * Nulls never collide in a unique index, so one table holds both kinds of ledger account:
 * wallets are unique per (account_id, currency), system accounts per (code, currency).
 */
export class Migration0001Init extends DualMigration {
  sqlite(): string[] {
    return [
      `create table ledger_accounts (
        id text not null primary key,
        kind text not null,
        account_id text null,
        code text null,
        currency text not null,
        status text not null,
        posted bigint not null default 0,
        pending bigint not null default 0,
        last_seq bigint not null default 0,
        created_at datetime not null
      )`,
      'create unique index ledger_accounts_wallet_unique on ledger_accounts (account_id, currency)',
      'create unique index ledger_accounts_system_unique on ledger_accounts (code, currency)',
      `create table ledger_entries (
        id text not null primary key,
        ledger_account_id text not null references ledger_accounts (id),
        seq bigint not null,
        transfer_id text not null,
        direction text not null,
        amount bigint not null,
        currency text not null,
        balance_after bigint not null,
        payment_id text null,
        created_at datetime not null
      )`,
      'create unique index ledger_entries_account_seq on ledger_entries (ledger_account_id, seq)',
      'create index ledger_entries_transfer on ledger_entries (transfer_id)',
      `create table transfers (
        id text not null primary key,
        kind text not null,
        status text not null,
        reason text null,
        debit_wallet_id text null,
        debit_system text null,
        credit_wallet_id text null,
        credit_system text null,
        amount bigint not null,
        currency text not null,
        credited_amount bigint null,
        credited_currency text null,
        payment_id text null,
        created_at datetime not null,
        updated_at datetime not null
      )`,
      `create table account_statuses (
        account_id text not null primary key,
        status text not null,
        updated_at datetime not null
      )`,
    ];
  }

  postgresql(): string[] {
    return [
      `create table ledger_accounts (
        id varchar(36) not null primary key,
        kind varchar(10) not null,
        account_id varchar(36) null,
        code varchar(20) null,
        currency varchar(3) not null,
        status varchar(10) not null,
        posted bigint not null default 0,
        pending bigint not null default 0,
        last_seq bigint not null default 0,
        created_at timestamptz not null
      )`,
      'create unique index ledger_accounts_wallet_unique on ledger_accounts (account_id, currency)',
      'create unique index ledger_accounts_system_unique on ledger_accounts (code, currency)',
      `create table ledger_entries (
        id varchar(36) not null primary key,
        ledger_account_id varchar(36) not null references ledger_accounts (id),
        seq bigint not null,
        transfer_id varchar(100) not null,
        direction varchar(6) not null,
        amount bigint not null,
        currency varchar(3) not null,
        balance_after bigint not null,
        payment_id varchar(100) null,
        created_at timestamptz not null
      )`,
      'create unique index ledger_entries_account_seq on ledger_entries (ledger_account_id, seq)',
      'create index ledger_entries_transfer on ledger_entries (transfer_id)',
      `create table transfers (
        id varchar(100) not null primary key,
        kind varchar(10) not null,
        status varchar(10) not null,
        reason varchar(20) null,
        debit_wallet_id varchar(36) null,
        debit_system varchar(20) null,
        credit_wallet_id varchar(36) null,
        credit_system varchar(20) null,
        amount bigint not null,
        currency varchar(3) not null,
        credited_amount bigint null,
        credited_currency varchar(3) null,
        payment_id varchar(100) null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create table account_statuses (
        account_id varchar(36) not null primary key,
        status varchar(10) not null,
        updated_at timestamptz not null
      )`,
    ];
  }
}
