import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints for the process's SQLite files, on a thread of their own. SQLite checkpoints
 * on the connection that commits once the WAL passes `wal_autocheckpoint` pages: copying the WAL
 * back into the database then stalls the event loop in the middle of a commit. Here a worker
 * thread, with a connection of its own to each file, runs a PASSIVE checkpoint (it never
 * blocks a writer or a reader) every `intervalMs`, so commits on the main thread only append to
 * the WAL. The connections' own autocheckpoint stays as a backstop, set high enough
 * (BACKSTOP_PAGES) that it fires only if this thread falls behind.
 */

/** The WAL size, in pages, at which a committing connection checkpoints itself after all. */
export const BACKSTOP_PAGES = 16_384;

/**
 * What one pass found on one file (`pragma wal_checkpoint`): the frames in its WAL, and how many
 * of them are checkpointed so far (the WAL starts again from the top once all are).
 */
export interface CheckpointPass {
  file: string;
  walFrames: number;
  checkpointedFrames: number;
}

/** The libsql MikroORM's SQLite driver opens, so that both sides run the same SQLite. */
export const LIBSQL = require.resolve('libsql', {
  paths: [path.dirname(require.resolve('@mikro-orm/libsql'))],
});

// Plain JavaScript run by the worker (no TypeScript loader there); libsql is required by the path
// the main thread resolved, whatever the process's working directory.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const open = new Map();
parentPort.on('message', (message) => {
  if (message.add) open.set(message.add, null);
  if (message.remove) { open.get(message.remove)?.close(); open.delete(message.remove); }
  if (message.stop) { clearInterval(timer); for (const db of open.values()) db?.close(); parentPort.close(); }
});
const timer = setInterval(() => {
  for (const [file, db] of open) {
    try {
      const connection = db ?? new Database(file);
      open.set(file, connection);
      const [row] = connection.prepare('pragma wal_checkpoint(PASSIVE)').raw(true).all();
      parentPort.postMessage({ file, walFrames: Number(row[1]), checkpointedFrames: Number(row[2]) });
    } catch (error) {
      parentPort.postMessage({ file, error: String(error && error.message || error) });
    }
  }
}, workerData.intervalMs);
`;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly listeners = new Set<(pass: CheckpointPass) => void>();
  private readonly files = new Set<string>();

  constructor(
    intervalMs: number,
    private readonly onError: (file: string, message: string) => void,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { libsql: LIBSQL, intervalMs },
    });
    // The thread never keeps the process alive; a process that exits takes it along.
    this.worker.unref();
    this.worker.on('message', (message: CheckpointPass & { error?: string }) => {
      if (message.error !== undefined) this.onError(message.file, message.error);
      else for (const listener of this.listeners) listener(message);
    });
    this.worker.on('error', (error) => this.onError('', error.message));
  }

  /** Checkpoints `file` (a SQLite database in WAL mode) from the next pass on. */
  add(file: string): void {
    this.files.add(file);
    this.worker.postMessage({ add: file });
  }

  /** Stops checkpointing `file` and closes the thread's connection to it. */
  remove(file: string): void {
    this.files.delete(file);
    this.worker.postMessage({ remove: file });
  }

  /** Calls `listener` after every pass on every file; returns what stops it. */
  onPass(listener: (pass: CheckpointPass) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many files it checkpoints now. */
  get size(): number {
    return this.files.size;
  }

  /** Closes the thread's connections and ends it. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ stop: true });
    await exited;
  }
}
