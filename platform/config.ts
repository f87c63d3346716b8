import path from 'node:path';
import { z } from 'zod/v4';

/** The five subgraphs, in the order their default ports follow the gateway's. */
export const SUBGRAPHS = ['accounts', 'wallets', 'payments', 'offers', 'risk'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** Subgraphs that are built and served today; later ones join this list as they land. */
export const SERVED_SUBGRAPHS: readonly SubgraphName[] = [
  'accounts',
  'wallets',
  'payments',
  'offers',
  'risk',
];

/** Raised at start when the environment is invalid; its message lists every bad variable. */
export class ConfigError extends Error {}

const DEV_SECRET_PREFIX = 'development-only-';

/** Secrets that ship with the repository so `npm start` works; production must replace them. */
export const DEVELOPMENT_SECRETS = {
  cardTokenKey: `${DEV_SECRET_PREFIX}card-token-key`,
  partnerSecretPepper: `${DEV_SECRET_PREFIX}partner-secret-pepper`,
} as const;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_SCHEMA_PREFIX: z
    .string()
    .regex(/^([a-z_][a-z0-9_]*)?$/, 'must be a lower-case SQL identifier prefix')
    .default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('wallet-graph'),
  JWT_TTL_SECONDS: positiveInt.default(3600),
  CARD_TOKEN_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(DEVELOPMENT_SECRETS.cardTokenKey),
  PARTNER_SECRET_PEPPER: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(DEVELOPMENT_SECRETS.partnerSecretPepper),
  GATEWAY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SUBGRAPH_HOST: z.string().min(1).default('127.0.0.1'),
  TRUSTED_PROXIES: z.string().default('loopback'),
  SUBGRAPH_TIMEOUT_MS: positiveInt.default(5000),
  BUS_COMMAND_TIMEOUT_MS: positiveInt.default(4000),
  MAX_QUERY_DEPTH: positiveInt.default(12),
  MAX_QUERY_COST: positiveInt.default(5000),
  MAX_QUERY_TOKENS: positiveInt.default(5000),
  SUBGRAPH_MAX_DEPTH: positiveInt.default(24),
  SUBGRAPH_MAX_ENTITIES: positiveInt.default(2000),
  SUBSCRIPTION_BUFFER_EVENTS: positiveInt.default(500),
  SUBSCRIPTION_BUFFER_BYTES: positiveInt.default(1_048_576),
  SUBSCRIPTIONS_PER_CONNECTION: positiveInt.default(25),
  SUBSCRIPTIONS_PER_ACCOUNT: positiveInt.default(100),
  SUBSCRIPTION_KEEPALIVE_MS: positiveInt.default(12_000),
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\//, 'must be a nats:// or tls:// URL')
    .optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _')
    .default('WALLET_EVENTS'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _')
    .default('wallet'),
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  NATS_TOKEN: z.string().min(1).optional(),
  NATS_CREDS_FILE: z.string().min(1).optional(),
  NATS_NKEY_SEED: z.string().min(1).optional(),
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  NATS_TLS_CERT_FILE: z.string().min(1).optional(),
  NATS_TLS_KEY_FILE: z.string().min(1).optional(),
  ACCOUNTS_URL: z.string().url().optional(),
  WALLETS_URL: z.string().url().optional(),
  PAYMENTS_URL: z.string().url().optional(),
  OFFERS_URL: z.string().url().optional(),
  RISK_URL: z.string().url().optional(),
});

/** Everything the platform reads from the environment, validated once at start. */
export interface Config {
  env: 'development' | 'production' | 'test';
  production: boolean;
  host: string;
  /** The gateway's port; subgraph N listens on port + N + 1 unless its URL is configured. */
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** Prefixes each subgraph's PostgreSQL schema, so test runs can live side by side. */
  databaseSchemaPrefix: string;
  logLevel: string;
  jwt: { privateKeyPem?: string; publicKeyPem?: string; issuer: string; ttlSeconds: number };
  cardTokenKey: string;
  partnerSecretPepper: string;
  /**
   * What subgraphs require of a caller to prove it is the gateway (an HMAC key); generated under
   * DATA_DIR outside production when absent.
   */
  gatewaySecret?: string;
  /** The interface subgraphs listen on: loopback unless configured otherwise. */
  subgraphHost: string;
  /** Peers whose X-Forwarded-For the gateway believes (proxy-addr's syntax: `loopback`, CIDRs). */
  trustedProxies: string[];
  subgraphTimeoutMs: number;
  /** How long a bus command waits for its answer before its outcome is unknown. */
  busCommandTimeoutMs: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** The most tokens the parser reads of one document. */
  maxQueryTokens: number;
  /** A subgraph's own bounds: nesting depth and representations per `_entities` call. */
  subgraphLimits: { maxDepth: number; maxEntities: number };
  /**
   * The gateway's subscriptions: each client's buffer (events and bytes waiting to be sent; past
   * either the connection is closed with 4413), caps per connection and per account, and how
   * often sockets are pinged (one that misses a pong is closed).
   */
  subscriptions: {
    bufferEvents: number;
    bufferBytes: number;
    perConnection: number;
    perAccount: number;
    keepAliveMs: number;
  };
  /** scrypt's cost as log2(N): 17 (N = 2^17, OWASP's) unless lowered outside production. */
  passwordScryptLogN: number;
  /** The NATS JetStream bus of the distributed mode; the in-process bus when absent. */
  nats?: NatsConfig;
  /** Where each subgraph is served; in embedded mode, localhost on the ports after the gateway's. */
  subgraphUrls: Record<SubgraphName, string>;
  /** The port each subgraph listens on when this process serves it. */
  subgraphPorts: Record<SubgraphName, number>;
  /**
   * The environment this configuration was read from: each subgraph reads and validates its own
   * settings from it once, at start (tests pass their own environment, never process.env).
   */
  environment: Readonly<Record<string, string | undefined>>;
}

/** How to reach NATS: where, which stream and subjects, and the credentials and TLS to use. */
export interface NatsConfig {
  url: string;
  stream: string;
  subjectPrefix: string;
  user?: string;
  password?: string;
  token?: string;
  /** A `.creds` file (a user JWT and its NKey seed). */
  credsFile?: string;
  /** An NKey seed, for NKey authentication. */
  nkeySeed?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/**
 * Reads and validates the environment. Every bad variable is named in one error, and
 * production refuses the development secrets and the generated key pair.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (!!e.NATS_USER !== !!e.NATS_PASSWORD) problems.push('  NATS_USER, NATS_PASSWORD: give both or neither');
  if (!!e.NATS_TLS_CERT_FILE !== !!e.NATS_TLS_KEY_FILE) {
    problems.push('  NATS_TLS_CERT_FILE, NATS_TLS_KEY_FILE: give both or neither');
  }
  if (production) {
    if (!e.JWT_PRIVATE_KEY || !e.JWT_PUBLIC_KEY) {
      problems.push('  JWT_PRIVATE_KEY, JWT_PUBLIC_KEY: required in production (PEM, ES256)');
    }
    if (e.CARD_TOKEN_KEY.startsWith(DEV_SECRET_PREFIX)) {
      problems.push('  CARD_TOKEN_KEY: the development default must be replaced in production');
    }
    if (e.PARTNER_SECRET_PEPPER.startsWith(DEV_SECRET_PREFIX)) {
      problems.push('  PARTNER_SECRET_PEPPER: the development default must be replaced in production');
    }
    if (!e.GATEWAY_SECRET) {
      problems.push('  GATEWAY_SECRET: required in production: subgraphs serve only a caller that has it');
    }
    if (e.PASSWORD_SCRYPT_LOG_N < 17) {
      problems.push('  PASSWORD_SCRYPT_LOG_N: production hashes passwords with N = 2^17 at least');
    }
    if (e.NATS_URL && !e.NATS_USER && !e.NATS_TOKEN && !e.NATS_CREDS_FILE && !e.NATS_NKEY_SEED) {
      problems.push(
        '  NATS_URL: production needs NATS credentials (NATS_USER and NATS_PASSWORD, NATS_TOKEN, NATS_CREDS_FILE or NATS_NKEY_SEED)',
      );
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const urlOf: Record<SubgraphName, string | undefined> = {
    accounts: e.ACCOUNTS_URL,
    wallets: e.WALLETS_URL,
    payments: e.PAYMENTS_URL,
    offers: e.OFFERS_URL,
    risk: e.RISK_URL,
  };
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  SUBGRAPHS.forEach((name, index) => {
    const configured = urlOf[name];
    subgraphPorts[name] = configured ? Number(new URL(configured).port || 80) : e.PORT + index + 1;
    subgraphUrls[name] = configured ?? `http://127.0.0.1:${subgraphPorts[name]}/graphql`;
  });
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseSchemaPrefix: e.DATABASE_SCHEMA_PREFIX,
    logLevel: e.LOG_LEVEL,
    jwt: {
      privateKeyPem: e.JWT_PRIVATE_KEY,
      publicKeyPem: e.JWT_PUBLIC_KEY,
      issuer: e.JWT_ISSUER,
      ttlSeconds: e.JWT_TTL_SECONDS,
    },
    cardTokenKey: e.CARD_TOKEN_KEY,
    partnerSecretPepper: e.PARTNER_SECRET_PEPPER,
    nats: e.NATS_URL ? natsConfig(e.NATS_URL, e) : undefined,
    gatewaySecret: e.GATEWAY_SECRET,
    subgraphHost: e.SUBGRAPH_HOST,
    trustedProxies: e.TRUSTED_PROXIES.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    busCommandTimeoutMs: e.BUS_COMMAND_TIMEOUT_MS,
    maxQueryDepth: e.MAX_QUERY_DEPTH,
    maxQueryCost: e.MAX_QUERY_COST,
    maxQueryTokens: e.MAX_QUERY_TOKENS,
    subgraphLimits: { maxDepth: e.SUBGRAPH_MAX_DEPTH, maxEntities: e.SUBGRAPH_MAX_ENTITIES },
    passwordScryptLogN: e.PASSWORD_SCRYPT_LOG_N,
    subscriptions: {
      bufferEvents: e.SUBSCRIPTION_BUFFER_EVENTS,
      bufferBytes: e.SUBSCRIPTION_BUFFER_BYTES,
      perConnection: e.SUBSCRIPTIONS_PER_CONNECTION,
      perAccount: e.SUBSCRIPTIONS_PER_ACCOUNT,
      keepAliveMs: e.SUBSCRIPTION_KEEPALIVE_MS,
    },
    subgraphUrls,
    subgraphPorts,
    environment: { ...env },
  };
}

function natsConfig(url: string, e: z.output<typeof schema>): NatsConfig {
  const tls =
    e.NATS_TLS_CA_FILE || e.NATS_TLS_CERT_FILE
      ? { caFile: e.NATS_TLS_CA_FILE, certFile: e.NATS_TLS_CERT_FILE, keyFile: e.NATS_TLS_KEY_FILE }
      : undefined;
  return {
    url,
    stream: e.NATS_STREAM,
    subjectPrefix: e.NATS_SUBJECT_PREFIX,
    user: e.NATS_USER,
    password: e.NATS_PASSWORD,
    token: e.NATS_TOKEN,
    credsFile: e.NATS_CREDS_FILE,
    nkeySeed: e.NATS_NKEY_SEED,
    tls,
  };
}
