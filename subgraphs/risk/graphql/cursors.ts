import { BadInput } from '../../../platform/errors';

/**
 * The position a page continues after, from a decoded `(ISO time, id)` cursor of this
 * subgraph's connections; undefined for the first page.
 */
export function pageCursor<T>(
  after: unknown[] | undefined,
  build: (at: Date, id: string) => T,
): T | undefined {
  if (!after) return undefined;
  const [at, id] = after;
  const date = typeof at === 'string' ? new Date(at) : undefined;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== 'string') {
    throw new BadInput('Not a cursor from this connection', 'after');
  }
  return build(date, id);
}
