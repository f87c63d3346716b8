import type { EntityManager } from '@mikro-orm/core';

/**
 * What a store works through: the unit of work its changes and ORM reads go to (`em`), and the
 * EntityManager its prepared reads borrow a connection from (`reads`), which load nothing into
 * any unit of work.
 */
export interface UnitOfWork {
  readonly em: EntityManager;
  readonly reads: EntityManager;
}

/**
 * A request's unit of work, forked from the database's EntityManager when something first
 * needs it: a query answered by prepared reads alone never makes one.
 */
export class RequestUnit implements UnitOfWork {
  private forked?: EntityManager;

  constructor(readonly reads: EntityManager) {}

  get em(): EntityManager {
    return (this.forked ??= this.reads.fork());
  }
}

/** The unit of an EntityManager already made (a transaction's, a command's): its reads go through it too. */
export function unitOver(em: EntityManager): UnitOfWork {
  return { em, reads: em };
}
