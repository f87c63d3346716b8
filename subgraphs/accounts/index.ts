import type { GraphQLSchema } from 'graphql';
import type { Config, SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { registerCommandHandlers } from './bus-handlers';
import { accountsContext, type AccountsContext } from './context';
import { openAccountsDatabase } from './database';
import { makeAnalyst, type AnalystOutcome } from './domain/analysts';
import { dummyPasswordHash, scryptParams } from './domain/passwords';
import type { AccountsEnv } from './domain/env';
import { Secrets } from './domain/secrets';
import { resolveAccountReference } from './graphql/account.reference';
import { AccountResolver } from './graphql/account.resolver';
import { AuthResolver } from './graphql/auth.resolver';
import { resolveFundingSourceReference } from './graphql/funding-source.reference';
import { FundingSourceResolver } from './graphql/funding-source.resolver';
import { MfaResolver } from './graphql/mfa.resolver';
import { resolvePartnerAppReference } from './graphql/partner-app.reference';
import { PartnerAppResolver } from './graphql/partner-app.resolver';
import { AccountsStores } from './store/stores';

export type { AnalystOutcome };

/** The subgraph that owns identities, credentials, funding sources and partner consents. */
export const name: SubgraphName = 'accounts';

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [AccountResolver, AuthResolver, FundingSourceResolver, MfaResolver, PartnerAppResolver],
    referenceResolvers: {
      Account: { __resolveReference: resolveAccountReference },
      FundingSource: { __resolveReference: resolveFundingSourceReference },
      PartnerApp: { __resolveReference: resolvePartnerAppReference },
    },
  });
}

/** Opens the database (migrations), answers bus commands, starts the outbox relay and serves HTTP. */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<RunningService> {
  const { config, logger, bus, tokens } = deps;
  const scrypt = scryptParams(config.passwordScryptLogN);
  // The dummy hash an unknown email is checked against is made now, beside the migrations, so
  // that no sign-in, not even the first, runs scrypt more often than a known email's does.
  const dummyHash = dummyPasswordHash(scrypt);
  const database = await openAccountsDatabase(config, logger);
  await dummyHash;
  const relay = new OutboxRelay(database, bus, logger);
  const env: AccountsEnv = {
    secrets: new Secrets(config.cardTokenKey, config.partnerSecretPepper),
    tokens,
    revocations: deps.revocations,
    scrypt,
    now: deps.clock,
    eventsCommitted: () => relay.nudge(),
  };
  const stopHandlers = registerCommandHandlers(bus, database, env);
  relay.start();
  const release = async () => {
    stopHandlers();
    await relay.stop();
    await database.close();
  };
  try {
    return await serveSubgraph<AccountsContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: (request) => accountsContext(request, deps, database, env),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * Opens the accounts database directly (migrating it if needed) and makes `email` an ANALYST:
 * used by `npm run create-analyst`, as there is no API through which a first analyst could appear.
 */
export async function createAnalyst(
  config: Config,
  logger: Logger,
  input: { email: string; password?: string; displayName?: string },
): Promise<AnalystOutcome> {
  const database = await openAccountsDatabase(config, logger);
  try {
    return await makeAnalyst(
      new AccountsStores(database.unit(), database.dialect),
      input,
      scryptParams(config.passwordScryptLogN),
    );
  } finally {
    await database.close();
  }
}
