import { DualMigration } from '../../../../platform/database';

/**
 * Who is working on a payment and until when (a claim, so one runner acts on it at a time), and
 * when a payment waiting for verification or review gives up. The recovery pass finds payments
 * by expired claim, and waiting ones by expiry.
 */
export class Migration0002Claims extends DualMigration {
  sqlite(): string[] {
    return [
      'alter table payments add column claimed_by text null',
      'alter table payments add column claim_expires_at datetime null',
      'alter table payments add column expires_at datetime null',
      'create index payments_status_claim on payments (status, claim_expires_at)',
      'create index payments_status_expires on payments (status, expires_at)',
    ];
  }

  postgresql(): string[] {
    return [
      'alter table payments add column claimed_by varchar(64) null',
      'alter table payments add column claim_expires_at timestamptz null',
      'alter table payments add column expires_at timestamptz null',
      'create index payments_status_claim on payments (status, claim_expires_at)',
      'create index payments_status_expires on payments (status, expires_at)',
    ];
  }
}
