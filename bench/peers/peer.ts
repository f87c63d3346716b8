import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewaySigner, loadGatewaySecret } from '../../platform/auth';
import { ConfigError, loadConfig, type SubgraphName } from '../../platform/config';

/**
 * What a peer gateway shares with the others: where it listens and finds the subgraphs, the
 * supergraph, and the signer that makes the subgraphs take its requests for our gateway's. A peer
 * is another gateway product serving our graph, so the benchmark can compare them side by side.
 */

/** The composed graph, the same file main.ts serves. */
export const SUPERGRAPH_PATH = path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** The client address a peer tells the subgraphs: every benchmark client is local. */
export const CLIENT_IP = '127.0.0.1';

/** A peer's settings, read once from the environment. */
export interface PeerSettings {
  host: string;
  /** Where the peer itself listens (PORT); GraphQL is at /graphql. */
  port: number;
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphTimeoutMs: number;
  signer: GatewaySigner;
}

/** A started peer: stopping it ends its server and what it holds open. */
export interface RunningPeer {
  close(): Promise<void>;
}

/**
 * Reads the settings: the peer listens on PORT, and the subgraphs follow SUBGRAPHS_PORT as they
 * follow our gateway's port (subgraph i on SUBGRAPHS_PORT + i + 1, or their *_URL), so a peer
 * and our gateway can serve the same subgraphs at once. Without SUBGRAPHS_PORT they follow PORT.
 */
export async function peerSettings(env: NodeJS.ProcessEnv = process.env): Promise<PeerSettings> {
  const own = loadConfig(env);
  const subgraphs = loadConfig({ ...env, PORT: env.SUBGRAPHS_PORT ?? env.PORT });
  return {
    host: own.host,
    port: own.port,
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: subgraphs.subgraphUrls,
    subgraphTimeoutMs: own.subgraphTimeoutMs,
    signer: new GatewaySigner(await loadGatewaySecret(own)),
  };
}

/**
 * Starts a peer from the environment and stops it on SIGTERM or SIGINT. A bad environment or a
 * failed start is printed to stderr and exits with 1.
 */
export function runPeer(start: (settings: PeerSettings) => Promise<RunningPeer>): void {
  peerSettings()
    .then(start)
    .then(
      (peer) => {
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          peer.close().then(
            () => process.exit(0),
            (error) => {
              console.error(error);
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      },
      (error) => {
        console.error(error instanceof ConfigError ? error.message : error);
        process.exit(1);
      },
    );
}
