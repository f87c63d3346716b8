/**
 * A peer for the benchmarks: Hive Gateway's runtime on node:http, serving our supergraph over
 * our running subgraphs with its own planner, or with Hive Router's Rust query planner when
 * HIVE_PLANNER=rust. Everything else is Hive's default, its sharing of identical in-flight
 * subgraph requests included; a plugin only signs each subgraph request as our gateway's.
 *
 *   PORT=6500 SUBGRAPHS_PORT=6400 GATEWAY_SECRET=... [HIVE_PLANNER=rust] \
 *     node -r ./scripts/register.js bench/peers/hive-gateway.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayConfig, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { GATEWAY_SIGNATURE_HEADER, SIGNED_HEADERS, type GatewaySigner } from '../../platform/auth';
import { ConfigError } from '../../platform/config';
import { CLIENT_IP, runPeer } from './peer';

/** Which query planner plans the operations: Hive Gateway's own (JavaScript) or Hive Router's (Rust). */
type Planner = 'js' | 'rust';

function plannerOf(env: NodeJS.ProcessEnv): Planner {
  const planner = env.HIVE_PLANNER ?? 'js';
  if (planner !== 'js' && planner !== 'rust') {
    throw new ConfigError('Invalid configuration:\n  HIVE_PLANNER: must be js or rust');
  }
  return planner;
}

/**
 * Signs every subgraph request over the body Hive sends, with the request id its requestId plugin
 * has set and our client address. It runs after Hive's own fetch hooks, on the final headers,
 * and after the HTTP executor has matched identical in-flight requests, so a shared request is
 * signed once.
 */
function useGatewaySignature(signer: GatewaySigner): GatewayPlugin {
  return {
    onFetch({ options, setOptions }) {
      const body = typeof options.body === 'string' ? options.body : '';
      const requestId = options.headers?.[SIGNED_HEADERS.requestId] ?? randomUUID();
      setOptions({
        ...options,
        headers: {
          ...options.headers,
          [SIGNED_HEADERS.requestId]: requestId,
          [SIGNED_HEADERS.clientIp]: CLIENT_IP,
          [GATEWAY_SIGNATURE_HEADER]: signer.sign({ body, requestId, clientIp: CLIENT_IP }),
        },
      });
    },
  };
}

runPeer(async (settings) => {
  const planner = plannerOf(process.env);
  const config: GatewayConfig = {
    supergraph: settings.supergraphSdl,
    transports: { http: httpTransport },
    transportEntries: Object.fromEntries(
      Object.entries(settings.subgraphUrls).map(([name, location]) => [name, { location }]),
    ),
    // Passed as Hive passes client headers on, so its in-flight sharing keys on who is asking.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
    },
    // Quiet, as ours is under load: its JS planner would log every masked null of a hidden payee's
    // wallet owner (dozens of lines per request), which would cost it time and flood the bench.
    logging: false,
    plugins: () => [useGatewaySignature(settings.signer)],
  };
  if (planner === 'rust') {
    config.unifiedGraphHandler = (await import('@graphql-hive/router-runtime')).unifiedGraphHandler;
  }
  const gateway = createGatewayRuntime(config);
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  return {
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await gateway.dispose();
    },
  };
});
