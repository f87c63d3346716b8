/**
 * A peer for the benchmarks: the stock Apollo Gateway in Apollo Server's standalone server,
 * serving our supergraph over our running subgraphs. Each subgraph is a stock
 * RemoteGraphQLDataSource; only its fetch signs the request, as our gateway's does, because the
 * subgraphs serve nothing else.
 *
 *   PORT=6500 SUBGRAPHS_PORT=6400 GATEWAY_SECRET=... node -r ./scripts/register.js bench/peers/apollo-gateway.ts
 */
import { randomUUID } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { SIGNED_HEADERS } from '../../platform/auth';
import type { SubgraphName } from '../../platform/config';
import { subgraphAgent, subgraphFetcher } from '../../gateway/subgraphs';
import { CLIENT_IP, runPeer } from './peer';

/** What the data sources pass on of each client request. */
interface PeerContext {
  authorization?: string;
  requestId: string;
}

/** Errors to stderr, nothing else: the benchmark reads only its own output. */
const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message?: unknown) => console.error(message),
};

runPeer(async (settings) => {
  const agent = subgraphAgent();
  const fetcher = subgraphFetcher(agent, settings.subgraphTimeoutMs, settings.signer);
  const gateway = new ApolloGateway({
    supergraphSdl: settings.supergraphSdl,
    logger: quietLogger,
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource<PeerContext>({
        url: settings.subgraphUrls[name as SubgraphName],
        fetcher,
        willSendRequest(options) {
          const headers = options.request.http?.headers;
          if (!headers || !('incomingRequestContext' in options)) return;
          const { authorization, requestId } = options.context;
          if (authorization) headers.set('authorization', authorization);
          headers.set(SIGNED_HEADERS.requestId, requestId);
          headers.set(SIGNED_HEADERS.clientIp, CLIENT_IP);
        },
      }),
  });
  const server = new ApolloServer<PeerContext>({
    gateway,
    logger: quietLogger,
    stopOnTerminationSignals: false,
  });
  await startStandaloneServer(server, {
    listen: { host: settings.host, port: settings.port },
    context: async ({ req }) => ({ authorization: req.headers.authorization, requestId: randomUUID() }),
  });
  return {
    async close() {
      await server.stop();
      await agent.close();
    },
  };
});
