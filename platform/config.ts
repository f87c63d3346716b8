import path from 'node:path';
import { z } from 'zod';

/** The five subgraphs, in the order their default ports follow the gateway's. */
export const SUBGRAPHS = ['accounts', 'wallets', 'payments', 'offers', 'risk'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** Subgraphs that are built and served today; later ones join this list as they land. */
export const SERVED_SUBGRAPHS: readonly SubgraphName[] = ['accounts', 'wallets', 'payments'];

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
  SUBGRAPH_TIMEOUT_MS: positiveInt.default(5000),
  MAX_QUERY_DEPTH: positiveInt.default(12),
  MAX_QUERY_COST: positiveInt.default(5000),
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
  subgraphTimeoutMs: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** The NATS JetStream bus of the distributed mode; the in-process bus when absent. */
  nats?: { url: string; stream: string; subjectPrefix: string };
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
  if (production) {
    const problems: string[] = [];
    if (!e.JWT_PRIVATE_KEY || !e.JWT_PUBLIC_KEY) {
      problems.push('  JWT_PRIVATE_KEY, JWT_PUBLIC_KEY: required in production (PEM, ES256)');
    }
    if (e.CARD_TOKEN_KEY.startsWith(DEV_SECRET_PREFIX)) {
      problems.push('  CARD_TOKEN_KEY: the development default must be replaced in production');
    }
    if (e.PARTNER_SECRET_PEPPER.startsWith(DEV_SECRET_PREFIX)) {
      problems.push('  PARTNER_SECRET_PEPPER: the development default must be replaced in production');
    }
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
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
    nats: e.NATS_URL
      ? { url: e.NATS_URL, stream: e.NATS_STREAM, subjectPrefix: e.NATS_SUBJECT_PREFIX }
      : undefined,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    maxQueryDepth: e.MAX_QUERY_DEPTH,
    maxQueryCost: e.MAX_QUERY_COST,
    subgraphUrls,
    subgraphPorts,
    environment: { ...env },
  };
}
