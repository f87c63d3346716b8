import type { Config } from '../../platform/config';
import { openDatabase } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { makeAnalyst, type AnalystOutcome } from './domain/analysts';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations/0001_init';

export type { AnalystOutcome };

/**
 * Opens the accounts database directly (migrating it if needed) and makes `email` an ANALYST:
 * used by `npm run create-analyst`, as there is no API through which a first analyst could appear.
 */
export async function createAnalyst(
  config: Config,
  logger: Logger,
  input: { email: string; password?: string; displayName?: string },
): Promise<AnalystOutcome> {
  const database = await openDatabase({
    name: 'accounts',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    config,
    logger,
  });
  try {
    return await makeAnalyst(database.fork(), input);
  } finally {
    await database.close();
  }
}
