import { v7 as uuidv7 } from 'uuid';

/**
 * A new id: a UUIDv7, so ids sort by creation time. Rows are then appended to an index rather
 * than scattered, and `(createdAt, id)` cursors stay stable.
 */
export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be one of our ids; anything else cannot exist, so it reads as NOT_FOUND. */
export function isId(value: string): boolean {
  return UUID.test(value);
}
