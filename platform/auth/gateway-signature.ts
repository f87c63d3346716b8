import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/** The header in which the gateway proves to a subgraph that a request is its own. */
export const GATEWAY_SIGNATURE_HEADER = 'x-gateway-signature';
/** The headers a signature covers besides the body: who the gateway says the client is. */
export const SIGNED_HEADERS = { requestId: 'x-request-id', clientIp: 'x-client-ip' } as const;

/** How far apart the gateway's clock and a subgraph's may be, and how long a signature is good for. */
const FRESH_FOR_MS = 60_000;
const SECRET_FILE = 'gateway-secret';

/** The parts of a subgraph request a signature covers. */
export interface SignedRequest {
  body: string;
  requestId?: string;
  clientIp?: string;
}

/**
 * Signs and checks the gateway's requests to the subgraphs: an HMAC-SHA256, under a secret only
 * the gateway and the subgraphs know, of the time, the request id, the client address the
 * gateway forwards and the body. A subgraph serves nothing that is not signed, so a caller that
 * reaches a subgraph's port directly can neither query it nor pass itself off as any client.
 */
export class GatewaySigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** The signature header's value for a request. */
  sign(request: SignedRequest): string {
    const at = String(this.now());
    return `v1,${at},${this.mac(at, request)}`;
  }

  /** Whether a signature header is the gateway's for this request, and recent. */
  verify(header: string | undefined, request: SignedRequest): boolean {
    const match = header ? /^v1,(\d{1,16}),([0-9a-f]{64})$/.exec(header) : null;
    if (!match) return false;
    const [, at, mac] = match;
    if (Math.abs(this.now() - Number(at)) > FRESH_FOR_MS) return false;
    return timingSafeEqual(Buffer.from(mac, 'hex'), Buffer.from(this.mac(at, request), 'hex'));
  }

  private mac(at: string, request: SignedRequest): string {
    const body = hash('sha256', request.body, 'hex');
    return createHmac('sha256', this.key)
      .update(['v1', at, request.requestId ?? '', request.clientIp ?? '', body].join('\n'))
      .digest('hex');
  }
}

/**
 * The gateway secret: GATEWAY_SECRET when set (production requires it), otherwise a random one
 * made once under DATA_DIR, so every process of a development graph shares it.
 */
export async function loadGatewaySecret(config: Config): Promise<string> {
  if (config.gatewaySecret) return config.gatewaySecret;
  const file = path.join(config.dataDir, SECRET_FILE);
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // Written exclusively: of two processes starting together, the loser reads the winner's.
    await fs.writeFile(file, secret, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await fs.readFile(file, 'utf8')).trim();
  }
}
