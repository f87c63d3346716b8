import { DualMigration } from '../../../../platform/database';

/** The payment a reward is for (a cashback's merchant payment). */
export class Migration0003RelatedPayments extends DualMigration {
  sqlite(): string[] {
    return ['alter table payments add column related_payment_id text null'];
  }

  postgresql(): string[] {
    return ['alter table payments add column related_payment_id varchar(36) null'];
  }
}
