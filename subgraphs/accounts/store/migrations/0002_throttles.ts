import { DualMigration } from '../../../../platform/database';

/**
 * The sign-in counters become the service's attempt counters (TOTP checks count there too), and
 * they count attempts reserved before the check rather than failures after it.
 */
export class Migration0002Throttles extends DualMigration {
  sqlite(): string[] {
    return [
      'alter table sign_in_throttles rename to throttles',
      'alter table throttles rename column failures to attempts',
    ];
  }

  postgresql(): string[] {
    return [
      'alter table sign_in_throttles rename to throttles',
      'alter table throttles rename constraint sign_in_throttles_pkey to throttles_pkey',
      'alter table throttles rename column failures to attempts',
    ];
  }
}
