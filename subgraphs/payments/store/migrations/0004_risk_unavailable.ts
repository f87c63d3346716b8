import { DualMigration } from '../../../../platform/database';

/** Whether a payment was decided by the fail-safe because risk did not answer in time. */
export class Migration0004RiskUnavailable extends DualMigration {
  sqlite(): string[] {
    return ['alter table payments add column risk_unavailable integer not null default 0'];
  }

  postgresql(): string[] {
    return ['alter table payments add column risk_unavailable boolean not null default false'];
  }
}
