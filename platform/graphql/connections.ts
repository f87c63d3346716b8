import { Directive, Field, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { BadInput } from '../errors';

/** The largest page a connection returns, whatever `first` asks for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item on this page.' })
  endCursor?: string | null;
}

/** An edge and connection pair for a node type, named `<Name>Edge` and `<Name>Connection`. */
export function connectionTypes<Node extends object>(name: string, nodeType: ClassType<Node>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'An opaque cursor to pass as `after` for the items after this one.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node!: Node;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items, newest first.` })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether there are more pages.' })
    pageInfo!: PageInfo;
  }
  return { Edge, Connection };
}

/** A validated page request: how many to return and where to start. */
export interface PageRequest {
  first: number;
  after?: unknown[];
}

/** Validates `first` (capped at MAX_PAGE_SIZE) and decodes `after`. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  if (first != null && (!Number.isInteger(first) || first < 0)) {
    throw new BadInput('first must be zero or a positive integer', 'first');
  }
  return {
    first: Math.min(first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    after: after == null ? undefined : decodeCursor(after),
  };
}

/** Opaque cursors: base64url of the sort key's values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length > 0) return values;
  } catch {
    // fall through to the error below
  }
  throw new BadInput('Not a cursor from this connection', field);
}

/**
 * Builds a page from rows fetched with `limit first + 1`: the extra row, if present, only tells
 * that there is a next page.
 */
export function toConnection<Row, Node>(
  rows: Row[],
  first: number,
  cursorOf: (row: Row) => unknown[],
  toNode: (row: Row) => Node,
): { edges: { cursor: string; node: Node }[]; pageInfo: PageInfo } {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
