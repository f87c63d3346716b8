import path from 'node:path';
import { MikroORM as SqliteORM } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import type { Constructor, EntityManager, MikroORM } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { OutboxEvent, ProcessedEvent } from '../bus/outbox.entities';
import { BACKSTOP_PAGES, Checkpointer } from './checkpointer';
import { releaseIdleAsyncContexts } from './idle-contexts';
import { PlatformMigration0001 } from './platform-migration';
import { sqlStatements, walCheckpointedFrames } from '../metrics';
import type { Dialect } from './raw-values';
import { RequestUnit } from './unit';

export { DualMigration } from './dual-migration';
export { RequestUnit, unitOver, type UnitOfWork } from './unit';
export type { Dialect } from './raw-values';

/**
 * Per-connection SQLite settings. NORMAL sync in WAL mode is durable across a process crash
 * (the failure the payments recovery pass is built for) and only loses the last commits on a
 * power loss; the busy timeout makes a second process wait for the write lock, not fail. WAL
 * checkpoints run on the checkpointer's thread; the connection's own is the backstop.
 */
function applySqlitePragmas(
  connection: { exec(sql: string): unknown },
  done: (error: Error | null, connection: unknown) => void,
) {
  try {
    connection.exec(
      `pragma synchronous = normal; pragma busy_timeout = 5000; pragma foreign_keys = on;
       pragma wal_autocheckpoint = ${BACKSTOP_PAGES}`,
    );
    done(null, connection);
  } catch (error) {
    done(error as Error, connection);
  }
}

/** What a subgraph hands over to open its own database. */
export interface DatabaseOptions {
  /** The subgraph's name: its SQLite file and its PostgreSQL schema. */
  name: string;
  // MikroORM takes entity classes of any shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: Constructor<any>[];
  /** The subgraph's migrations, oldest first; the platform's own tables come before them. */
  migrations: { name: string; class: Constructor<Migration> }[];
  config: Config;
  logger: Logger;
}

/** A subgraph's database: its ORM and the dialect it speaks. */
export interface Database {
  orm: MikroORM;
  dialect: Dialect;
  /** A fresh EntityManager for one unit of work (a request, a command, an event). */
  fork(): EntityManager;
  /** A request's unit of work, forked when first used. */
  unit(): RequestUnit;
  close(): Promise<void>;
}

/**
 * Opens a subgraph's own database and applies its checked-in migrations: a SQLite file
 * `DATA_DIR/<name>.db` by default, a PostgreSQL schema `<prefix><name>` when DATABASE_URL is set.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { config, name } = options;
  // MikroORM's flushes and transactions would otherwise leave async hooks on for the process.
  releaseIdleAsyncContexts();
  const entities = [...options.entities, OutboxEvent, ProcessedEvent];
  const migrations = {
    migrationsList: [{ name: '0000_platform', class: PlatformMigration0001 }, ...options.migrations],
    tableName: 'schema_migrations',
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  };
  const common = {
    entities,
    extensions: [Migrator],
    migrations,
    discovery: { warnWhenNoEntities: false },
    debug: false,
    allowGlobalContext: false,
    forceUndefined: false,
    logger: (message: string) => options.logger.debug({ orm: name }, message),
  };
  let orm: MikroORM;
  let dialect: Database['dialect'];
  let file: string | undefined;
  if (config.databaseUrl) {
    const schema = `${config.databaseSchemaPrefix}${name}`;
    // Loaded here: the embedded graph on SQLite never needs the PostgreSQL driver.
    const { MikroORM: PostgresORM } = await import('@mikro-orm/postgresql');
    orm = await PostgresORM.init({
      ...common,
      clientUrl: config.databaseUrl,
      schema,
      pool: { min: 1, max: 10 },
      // Migrations are plain SQL: the search path puts their tables in the subgraph's schema.
      driverOptions: { searchPath: [schema] },
    });
    await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
    dialect = 'postgresql';
  } else {
    file = path.join(config.dataDir, `${name}.db`);
    orm = await SqliteORM.init({
      ...common,
      dbName: file,
      // The libsql pool replaces its connection every few seconds, so the settings that live
      // on a connection are applied to each new one.
      pool: { min: 1, max: 1, afterCreate: applySqlitePragmas },
    });
    // WAL lets readers go on while a writer commits and persists in the file itself.
    await orm.em.getConnection().execute('pragma journal_mode = wal');
    dialect = 'sqlite';
  }
  await orm.getMigrator().up();
  const statements = sqlStatements.labels(name);
  (orm.em.getConnection() as unknown as { getKnex(): { on(event: 'query', listener: () => void): void } })
    .getKnex()
    .on('query', () => statements.inc());
  if (file) checkpointer(options.logger).add(file);
  return {
    orm,
    dialect,
    fork: () => orm.em.fork(),
    unit: () => new RequestUnit(orm.em),
    close: async () => {
      if (file) await stopCheckpointing(file);
      await orm.close(true);
    },
  };
}

/** The process's one checkpointer thread, while it has SQLite files open. */
let shared: Checkpointer | undefined;

function checkpointer(logger: Logger): Checkpointer {
  if (shared) return shared;
  shared = new Checkpointer(CHECKPOINT_INTERVAL_MS, (file, message) =>
    logger.warn({ file, err: message }, 'WAL checkpoint failed; the connection checkpoints itself'),
  );
  // A pass reports the frames of the WAL checkpointed so far; the WAL restarts once all are.
  const last = new Map<string, number>();
  shared.onPass(({ file, checkpointedFrames }) => {
    const before = last.get(file) ?? 0;
    const copied = checkpointedFrames >= before ? checkpointedFrames - before : checkpointedFrames;
    last.set(file, checkpointedFrames);
    if (copied > 0) walCheckpointedFrames.labels(path.basename(file, '.db')).inc(copied);
  });
  return shared;
}

async function stopCheckpointing(file: string): Promise<void> {
  if (!shared) return;
  shared.remove(file);
  if (shared.size > 0) return;
  const last = shared;
  shared = undefined;
  await last.stop();
}

/** How often the checkpointer copies each WAL back into its database. */
const CHECKPOINT_INTERVAL_MS = 500;
