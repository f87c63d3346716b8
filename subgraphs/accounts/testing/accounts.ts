import { randomBytes } from 'node:crypto';
import {
  GatewaySigner,
  loadGatewaySecret,
  loadSigningKeys,
  RevocationList,
  Tokens,
} from '../../../platform/auth';
import { FaultInjectingBus, InProcessBus, type Bus } from '../../../platform/bus';
import type { Config } from '../../../platform/config';
import type { Logger } from '../../../platform/logger';
import type { RunningService } from '../../../platform/subgraph';
import { testDatabase, type TestDatabase } from '../../../test/support/database';
import { EventLog } from '../../../test/support/events';
import { gqlClient, type GqlClient } from '../../../test/support/gql';
import { LogCapture } from '../../../test/support/logs';
import { AccountEvents } from '../contract';
import { start } from '../index';

/** The accounts subgraph alone on a free port, with databases of its own, logging into memory. */
export interface TestAccounts {
  url: string;
  config: Config;
  bus: FaultInjectingBus;
  tokens: Tokens;
  /** The revocations the service's process knows of. */
  revocations: RevocationList;
  logger: Logger;
  /** Every log line written so far, at level trace. */
  logs: LogCapture;
  database: TestDatabase;
  events: EventLog;
  service: RunningService;
  gql: GqlClient;
  /** Moves the service's clock forward (or back to real time with 0). */
  setClockOffset(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the accounts subgraph as the graph would, on a bus of its own unless one is given, with
 * `env` on top of the test defaults.
 */
export async function startTestAccounts(
  options: { bus?: Bus; env?: Record<string, string> } = {},
): Promise<TestAccounts> {
  const database = testDatabase('accounts-test');
  const config = database.config({ LOG_LEVEL: 'trace', ...options.env });
  const logs = new LogCapture();
  const logger = logs.logger('trace');
  const bus = new FaultInjectingBus(options.bus ?? new InProcessBus(logger));
  const events = new EventLog(bus, Object.values(AccountEvents));
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, config.jwt.ttlSeconds);
  let clockOffsetMs = 0;
  const clock = () => new Date(Date.now() + clockOffsetMs);
  const gateway = new GatewaySigner(await loadGatewaySecret(config));
  const revocations = new RevocationList(config.jwt.ttlSeconds * 1000);
  const service = await start({ config, logger, bus, tokens, revocations, clock, gateway }, { port: 0 });
  return {
    url: service.url,
    config,
    bus,
    tokens,
    revocations,
    logger,
    logs,
    database,
    events,
    service,
    gql: gqlClient(service.url, { signer: gateway }),
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    async close() {
      await service.close();
      events.close();
      await bus.close();
      await database.drop();
    },
  };
}

/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
}

export const STRONG_PASSWORD = 'correct horse battery staple';

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      account {
        id
        email
      }
    }
  }
`;

/** Signs up a customer and returns its id, email and token. */
export async function signUp(
  accounts: TestAccounts,
  email = uniqueEmail(),
): Promise<{ accountId: string; email: string; token: string }> {
  const response = await accounts.gql<{ signUp: { token: string; account: { id: string } } }>(SIGN_UP, {
    input: { email, password: STRONG_PASSWORD, displayName: 'Test User' },
  });
  if (!response.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { accountId: response.data.signUp.account.id, email, token: response.data.signUp.token };
}
