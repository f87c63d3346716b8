import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Attempts counted per key in a fixed window: sign-ins per email and address, TOTP checks per
 * account (keys in domain/throttle.ts). It lives in the database so every instance of the
 * service counts against the same limits; the store changes it with hand-written SQL only.
 */
@Entity({ tableName: 'throttles' })
export class Throttle {
  @PrimaryKey({ type: 'string', length: 300 })
  key: string;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime' })
  windowStartedAt: Date;

  constructor(key: string, windowStartedAt: Date) {
    this.key = key;
    this.windowStartedAt = windowStartedAt;
  }
}
