import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Checkpointer, LIBSQL, type CheckpointPass } from './checkpointer';

// The same libsql the ORM opens: the checkpointer must share the SQLite it writes with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require(LIBSQL) as new (file: string) => {
  exec(sql: string): void;
  prepare(sql: string): { run(params: unknown[]): unknown };
  close(): void;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'checkpointer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database whose own connection never checkpoints, with `rows` rows written to its WAL. */
function walDatabase(rows: number) {
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  db.exec('pragma journal_mode = wal; pragma wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, pad text)');
  const insert = db.prepare('insert into t (pad) values (?)');
  for (let i = 0; i < rows; i++) insert.run(['x'.repeat(500)]);
  return { file, db };
}

/** The next pass on `file` that copied frames back, or the first error. */
function nextCopyingPass(checkpointer: Checkpointer, file: string): Promise<CheckpointPass> {
  return new Promise((resolve) => {
    const stop = checkpointer.onPass((pass) => {
      if (pass.file !== file || pass.checkpointedFrames === 0) return;
      stop();
      resolve(pass);
    });
  });
}

it('copies the WAL of a file it was given back into the database on its own thread', async () => {
  const { file, db } = walDatabase(2_000);
  const before = statSync(file).size;
  const errors: string[] = [];
  const checkpointer = new Checkpointer(20, (_, message) => errors.push(message));
  try {
    checkpointer.add(file);
    const pass = await nextCopyingPass(checkpointer, file);
    expect(pass.walFrames).toBeGreaterThan(100);
    expect(pass.checkpointedFrames).toBe(pass.walFrames);
    // The rows are in the database file itself now, not only in the WAL.
    expect(statSync(file).size).toBeGreaterThan(before + 500_000);
    expect(errors).toEqual([]);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

it('a file it can no longer open is reported, and the others go on', async () => {
  const { file, db } = walDatabase(500);
  const missing = path.join(dir, 'gone', 'missing.db');
  let report!: (line: string) => void;
  const reported = new Promise<string>((resolve) => (report = resolve));
  const checkpointer = new Checkpointer(20, (failed, message) => report(`${failed}: ${message}`));
  try {
    checkpointer.add(missing);
    checkpointer.add(file);
    const [line] = await Promise.all([reported, nextCopyingPass(checkpointer, file)]);
    expect(line).toContain(missing);
    checkpointer.remove(missing);
    expect(checkpointer.size).toBe(1);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});
