import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed sign-ins counted per key (`email:<email>` or `ip:<address>`) in a fixed window. It
 * lives in the database so every instance of the service sees the same counts.
 */
@Entity({ tableName: 'sign_in_throttles' })
export class SignInThrottle {
  @PrimaryKey({ type: 'string', length: 300 })
  key: string;

  @Property({ type: 'integer' })
  failures: number = 0;

  @Property({ type: 'datetime' })
  windowStartedAt: Date;

  constructor(key: string, windowStartedAt: Date) {
    this.key = key;
    this.windowStartedAt = windowStartedAt;
  }
}
