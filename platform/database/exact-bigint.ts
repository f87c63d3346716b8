import { BigIntType, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';

/**
 * A bigint column read exactly on every dialect. SQLite's driver hands integers over as JS
 * numbers, exact only up to 2^53, so on SQLite the column is selected as text and parsed into a
 * bigint; PostgreSQL already sends bigints as text. For amounts, which are never sorted on: a
 * sequence number ordered by the ORM would sort as text (2 after 10), so those keep BigIntType.
 */
export class ExactBigIntType extends BigIntType {
  constructor() {
    super('bigint');
  }

  override convertToJSValueSQL(key: string, platform: Platform): string {
    return platform instanceof BaseSqlitePlatform ? `cast(${key} as text)` : key;
  }
}
