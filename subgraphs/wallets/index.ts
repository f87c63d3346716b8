import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../../platform/config';
import { OutboxRelay } from '../../platform/bus';
import { requestContext } from '../../platform/context';
import {
  buildFederatedSchema,
  serveSubgraph,
  type RunningService,
  type ServiceDeps,
} from '../../platform/subgraph';
import { openWalletsDatabase } from './database';
import { Ledger } from './domain/ledger';
import { WalletService } from './domain/wallets';
import { registerCommandHandlers, registerConsumers } from './bus-handlers';
import { createLoaders } from './loaders';
import { AccountWalletsResolver } from './graphql/account.resolver';
import { WalletResolver } from './graphql/wallet.resolver';
import { walletReference } from './graphql/wallet.reference';
import type { WalletsContext } from './graphql/context';

export { Ledger } from './domain/ledger';
export type * from './domain/ledger.types';
export { WALLET_CURRENCIES } from './domain/currencies';
export { openWalletsDatabase } from './database';

/** The subgraph that owns wallets and the double-entry ledger. */
export const name: SubgraphName = 'wallets';

/** The federated schema, built without a database (composition uses it). */
export function schema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [WalletResolver, AccountWalletsResolver],
    referenceResolvers: walletReference,
  });
}

/** Opens the database (migrations), registers bus handlers/consumers, starts the outbox relay, serves HTTP. */
export async function start(deps: ServiceDeps, options: { port: number }): Promise<RunningService> {
  const { bus, logger, clock } = deps;
  const db = await openWalletsDatabase(deps.config, logger);
  const relay = new OutboxRelay(db.fork, bus, logger.child({ component: 'outbox' }), {
    skipLocked: db.dialect === 'postgresql',
  });
  const ledger = new Ledger(db.fork, db.dialect, clock);
  // A committed event is relayed at once rather than on the relay's next tick.
  const wallets = new WalletService(bus, { clock, eventsRecorded: () => relay.nudge() });
  const stopHandlers = registerCommandHandlers(bus, ledger);
  const stopConsumers = registerConsumers(bus, db, logger);
  relay.start();
  try {
    return await serveSubgraph<WalletsContext>({
      name,
      schema: await schema(),
      deps,
      port: options.port,
      context: async (request) => {
        const em = db.fork();
        const base = await requestContext(request, deps, em);
        return { ...base, loaders: createLoaders(em, bus, base.logger), wallets };
      },
      ready: async () => db.orm.isConnected(),
      onClose: async () => {
        stopConsumers();
        stopHandlers();
        await relay.stop();
        await db.close();
      },
    });
  } catch (error) {
    stopConsumers();
    stopHandlers();
    await relay.stop();
    await db.close();
    throw error;
  }
}
