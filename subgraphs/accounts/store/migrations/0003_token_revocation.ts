import { DualMigration } from '../../../../platform/database';

/**
 * Token revocation: each account's "tokens valid after" instant (signing out everywhere, a new
 * password, a freeze, a new role) and the ids of single tokens signed out, kept until they expire.
 */
export class Migration0003TokenRevocation extends DualMigration {
  sqlite(): string[] {
    return [
      'alter table accounts add column tokens_valid_after datetime null',
      'create index accounts_tokens_valid_after on accounts (tokens_valid_after) where tokens_valid_after is not null',
      `create table revoked_tokens (
        token_id text not null primary key,
        account_id text not null,
        expires_at datetime not null,
        revoked_at datetime not null
      )`,
      'create index revoked_tokens_expires_at on revoked_tokens (expires_at)',
    ];
  }

  postgresql(): string[] {
    return [
      'alter table accounts add column tokens_valid_after timestamptz null',
      'create index accounts_tokens_valid_after on accounts (tokens_valid_after) where tokens_valid_after is not null',
      `create table revoked_tokens (
        token_id varchar(100) not null,
        account_id varchar(36) not null,
        expires_at timestamptz not null,
        revoked_at timestamptz not null,
        constraint revoked_tokens_pkey primary key (token_id)
      )`,
      'create index revoked_tokens_expires_at on revoked_tokens (expires_at)',
    ];
  }
}
