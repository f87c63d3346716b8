import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { registerCommandHandlers, registerConsumers, registerWalletQueries } from './bus-handlers';
import { walletsContext, type WalletsContext } from './context';
import { openWalletsDatabase } from './database';
import { Ledger } from './domain/ledger';
import { WalletService } from './domain/wallets';
import { AccountWalletsResolver } from './graphql/account.resolver';
import { walletReference } from './graphql/wallet.reference';
import { WalletResolver } from './graphql/wallet.resolver';
import { LedgerStore } from './store/ledger-store';

/** The subgraph that owns wallets and the double-entry ledger. */
export const name: SubgraphName = 'wallets';

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [WalletResolver, AccountWalletsResolver],
    referenceResolvers: walletReference,
  });
}

/** Opens the database (migrations), answers the ledger's commands, follows account events, serves HTTP. */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<RunningService> {
  const { bus, logger, clock } = deps;
  const database = await openWalletsDatabase(deps.config, logger);
  const relay = new OutboxRelay(database, bus, logger.child({ component: 'outbox' }));
  const ledger = new Ledger(new LedgerStore(database.fork, database.dialect), clock);
  // A committed event is relayed at once rather than on the relay's next tick.
  const wallets = new WalletService(bus, { clock, eventsRecorded: () => relay.nudge() });
  const stopHandlers = registerCommandHandlers(bus, ledger);
  const stopQueries = registerWalletQueries(bus, database);
  const stopConsumers = registerConsumers(bus, database, logger);
  relay.start();
  const release = async () => {
    stopConsumers();
    stopHandlers();
    stopQueries();
    await relay.stop();
    await database.close();
  };
  try {
    return await serveSubgraph<WalletsContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: (request) => walletsContext(request, deps, database, bus, wallets),
      ready: () => database.orm.isConnected(),
      onClose: release,
    });
  } catch (error) {
    await release();
    throw error;
  }
}
