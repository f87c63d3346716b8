import { testDatabase } from '../../test/support/database';
import { createLogger } from '../logger';
import { sqlRows } from './sql-transaction';
import { openDatabase, type Database } from './index';

describe("a request's unit of work", () => {
  const place = testDatabase('request-unit');
  let db: Database;

  beforeAll(async () => {
    const logger = createLogger('silent');
    db = await openDatabase({ name: 'unit', entities: [], migrations: [], config: place.config(), logger });
  });

  afterAll(async () => {
    await db.close();
    await place.drop();
  });

  it('reads through the database without forking, and forks once when its unit of work is used', async () => {
    const fork = jest.spyOn(db.orm.em, 'fork');
    try {
      const unit = db.unit();
      const rows = await sqlRows(unit.reads, db.dialect, "select 'read' as answer");
      expect(rows).toEqual([['read']]);
      expect(fork).not.toHaveBeenCalled();
      const em = unit.em;
      expect(unit.em).toBe(em);
      expect(fork).toHaveBeenCalledTimes(1);
      // Each request's unit is its own.
      expect(db.unit().em).not.toBe(em);
    } finally {
      fork.mockRestore();
    }
  });
});
