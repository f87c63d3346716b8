import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { testDatabase } from '../../test/support/database';
import { createLogger } from '../logger';
import { GroupCommit } from './group-commit';
import { openDatabase, type Database } from './index';
import type { SqlRunner } from './sql-transaction';

describe('group commit', () => {
  const place = testDatabase('group-commit');
  let db: Database;
  const begins: string[] = [];
  const inserts: string[] = [];

  beforeAll(async () => {
    const logger = createLogger('silent');
    db = await openDatabase({ name: 'group', entities: [], migrations: [], config: place.config(), logger });
    (db.orm.em.getConnection() as AbstractSqlConnection).getKnex().on('query', (query: { sql: string }) => {
      if (/^begin/i.test(query.sql)) begins.push(query.sql);
      if (/^insert into processed_events/i.test(query.sql)) inserts.push(query.sql);
    });
  });

  afterAll(async () => {
    await db.close();
    await place.drop();
  });

  const mark = (id: string) => async (sql: SqlRunner) => {
    await sql.all('insert into processed_events (consumer, event_id, processed_at) values (?, ?, ?)', [
      'group-commit',
      id,
      new Date().toISOString(),
    ]);
    return id;
  };
  const marked = async (): Promise<string[]> => {
    const rows: { event_id: string }[] = await db
      .fork()
      .getConnection()
      .execute(`select event_id from processed_events where consumer = 'group-commit' order by event_id`);
    return rows.map((row) => row.event_id);
  };

  it('commits the units of one moment in one transaction, each caller told its own result', async () => {
    const group = GroupCommit.sql(() => db.orm.em, db.dialect);
    begins.length = 0;
    const results = await Promise.all(['a1', 'a2', 'a3', 'a4'].map((id) => group.run(mark(id))));
    expect(results).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(begins).toHaveLength(1);
    expect(await marked()).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('a unit that fails in a batch is refused alone: the others commit, and it leaves no trace', async () => {
    const group = GroupCommit.sql(() => db.orm.em, db.dialect);
    const failing = async (sql: SqlRunner) => {
      await mark('b-failed')(sql);
      await sql.all('insert into no_such_table values (1)');
    };
    const results = await Promise.allSettled([
      group.run(mark('b1')),
      group.run(failing),
      group.run(mark('b2')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await marked()).filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
  });

  it('a batch holds at most its bound of units', async () => {
    const group = GroupCommit.sql(() => db.orm.em, db.dialect, 2);
    begins.length = 0;
    await Promise.all(['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => group.run(mark(id))));
    expect(begins).toHaveLength(3);
  });

  const appendMark = (id: string) => async (sql: SqlRunner) => {
    sql.append('insert into processed_events (consumer, event_id, processed_at)', '(?, ?, ?)', [
      'group-commit',
      id,
      new Date().toISOString(),
    ]);
    return id;
  };

  it("the rows a batch's units append go in as one statement when the batch commits", async () => {
    const group = GroupCommit.sql(() => db.orm.em, db.dialect);
    inserts.length = 0;
    const results = await Promise.all(['d1', 'd2', 'd3', 'd4'].map((id) => group.run(appendMark(id))));
    expect(results).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(inserts).toHaveLength(1);
    expect((await marked()).filter((id) => id.startsWith('d'))).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('an appended row that fails refuses its own unit alone, and the others commit', async () => {
    const group = GroupCommit.sql(() => db.orm.em, db.dialect);
    await group.run(appendMark('e-taken'));
    const results = await Promise.allSettled(['e1', 'e-taken', 'e2'].map((id) => group.run(appendMark(id))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await marked()).filter((id) => id.startsWith('e'))).toEqual(['e-taken', 'e1', 'e2']);
  });
});
