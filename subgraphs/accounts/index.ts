import type { GraphQLSchema } from 'graphql';
import { systemClock } from '../../platform/clock';
import type { SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import { openDatabase } from '../../platform/database';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { accountsContext, type AccountsContext } from './context';
import type { AccountsEnv } from './domain/env';
import { Secrets } from './domain/secrets';
import { ENTITIES } from './entities';
import { resolveAccountReference } from './graphql/account.reference';
import { AccountResolver } from './graphql/account.resolver';
import { AuthResolver } from './graphql/auth.resolver';
import { resolveFundingSourceReference } from './graphql/funding-source.reference';
import { FundingSourceResolver } from './graphql/funding-source.resolver';
import { MfaResolver } from './graphql/mfa.resolver';
import { resolvePartnerAppReference } from './graphql/partner-app.reference';
import { PartnerResolver } from './graphql/partner.resolver';
import { registerCommandHandlers } from './handlers';
import { MIGRATIONS } from './migrations/0001_init';

export { createAnalyst, type AnalystOutcome } from './analysts';
export { AccountsCommands, AccountEventType } from './events';

export const name: SubgraphName = 'accounts';

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [AccountResolver, AuthResolver, FundingSourceResolver, MfaResolver, PartnerResolver],
    referenceResolvers: {
      Account: { __resolveReference: resolveAccountReference },
      FundingSource: { __resolveReference: resolveFundingSourceReference },
      PartnerApp: { __resolveReference: resolvePartnerAppReference },
    },
  });
}

/** Opens the database (migrations), registers bus handlers, starts the outbox relay, serves HTTP. */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<RunningService> {
  const { config, logger, bus, tokens } = deps;
  const database = await openDatabase({ name, entities: ENTITIES, migrations: MIGRATIONS, config, logger });
  const relay = new OutboxRelay(database.fork, bus, logger, {
    skipLocked: database.dialect === 'postgresql',
  });
  const env: AccountsEnv = {
    secrets: new Secrets(config.cardTokenKey, config.partnerSecretPepper),
    tokens,
    now: deps.clock ?? systemClock,
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
      context: (request) => accountsContext(request, deps, database.fork(), env),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
  } catch (error) {
    await release();
    throw error;
  }
}
