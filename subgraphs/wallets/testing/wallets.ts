import { randomUUID } from 'node:crypto';
import {
  GatewaySigner,
  loadGatewaySecret,
  loadSigningKeys,
  RevocationList,
  Tokens,
  type PartnerScope,
} from '../../../platform/auth';
import { FaultInjectingBus, InProcessBus, type Bus } from '../../../platform/bus';
import { systemClock } from '../../../platform/clock';
import type { Database } from '../../../platform/database';
import { newId } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { Money } from '../../../platform/money';
import { testDatabase } from '../../../test/support/database';
import { EventLog } from '../../../test/support/events';
import { gqlClient, ok, type GqlClient } from '../../../test/support/gql';
import { AccountCommands, type AccountStatus } from '../../accounts/contract';
import { WalletCommands, WalletEvents } from '../contract';
import { openWalletsDatabase } from '../database';
import { Ledger } from '../domain/ledger';
import type { WalletStatus } from '../contract';
import { start } from '../index';
import { LedgerAccount } from '../store/ledger-account.entity';
import { LedgerStore } from '../store/ledger-store';

/** A migrated wallets database of the test's own (SQLite in a temp dir, or a PostgreSQL schema), dropped on close. */
export async function openTestDatabase(): Promise<Database> {
  const place = testDatabase('wallets-test');
  const config = place.config();
  const db = await openWalletsDatabase(config, createLogger(config.logLevel));
  return {
    ...db,
    async close() {
      await db.close();
      await place.drop();
    },
  };
}

/** The ledger over a database of its own, and ways to set up and read its wallets. */
export interface TestLedger {
  db: Database;
  ledger: Ledger;
  /** A wallet opened straight in the database and funded from FUNDING through the ledger. */
  fundedWallet(minor: bigint, currency?: string): Promise<string>;
  /** A wallet's row as stored now. */
  walletRow(walletId: string): Promise<LedgerAccount>;
  close(): Promise<void>;
}

/** Opens a ledger on a test database of its own. */
export async function startTestLedger(): Promise<TestLedger> {
  const db = await openTestDatabase();
  const ledger = ledgerOn(db);
  return {
    db,
    ledger,
    fundedWallet: (minor, currency = 'EUR') => fundWallet(db, ledger, minor, currency),
    walletRow: (walletId) => readWallet(db, walletId),
    close: () => db.close(),
  };
}

/** The ledger over a test database. */
export function ledgerOn(db: Database): Ledger {
  return new Ledger(new LedgerStore(db.fork, db.dialect));
}

/** A wallet opened straight in the database and funded from FUNDING through the ledger. */
export async function fundWallet(
  db: Database,
  ledger: Ledger,
  minor: bigint,
  currency = 'EUR',
): Promise<string> {
  const walletId = await insertWallet(db, currency);
  if (minor > 0n) {
    await ledger.transfer({
      transferId: newId(),
      debit: { system: 'FUNDING' },
      credit: { walletId },
      amount: Money.ofMinor(minor, currency),
      paymentId: null,
    });
  }
  return walletId;
}

/** A wallet's row as stored now. */
export async function readWallet(db: Database, walletId: string): Promise<LedgerAccount> {
  return db.fork().findOneOrFail(LedgerAccount, { id: walletId });
}

/** Opens a wallet straight in the database with a zero balance; fund it through the ledger. */
export async function insertWallet(
  db: Database,
  currency: string,
  options: { accountId?: string; status?: WalletStatus } = {},
): Promise<string> {
  const em = db.fork();
  const wallet = em.create(LedgerAccount, {
    id: newId(),
    kind: 'WALLET',
    accountId: options.accountId ?? newId(),
    code: null,
    currency,
    status: options.status ?? 'ACTIVE',
    posted: 0n,
    pending: 0n,
    lastSeq: 0n,
    createdAt: new Date(),
  });
  await em.flush();
  return wallet.id;
}

/** The wallets subgraph alone on a free port; the test plays accounts on the bus. */
export interface TestWallets {
  bus: FaultInjectingBus;
  /** Resolves once every event delivery under way has finished (the in-process bus only). */
  drain(): Promise<void>;
  tokens: Tokens;
  events: EventLog;
  gql: GqlClient;
  /** What accounts answers about account statuses (ACTIVE when absent) and partner consents. */
  accountStatuses: Map<string, AccountStatus>;
  consents: Map<string, PartnerScope[]>;
  /** A new customer with a token (accounts is not consulted for its existence). */
  customer(): Promise<{ accountId: string; token: string }>;
  /** Opens a wallet through the API and returns its id. */
  openWallet(token: string, currency?: string): Promise<string>;
  /** Credits a wallet from FUNDING through the ledger's own command. */
  fund(walletId: string, amountMinor: string, currency?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the wallets subgraph as the graph would, with accounts' side of the bus played by the
 * test, on a bus of its own unless one is given.
 */
export async function startTestWallets(options: { bus?: Bus } = {}): Promise<TestWallets> {
  const place = testDatabase('wallets-service');
  const config = place.config();
  const logger = createLogger(config.logLevel);
  const inner = options.bus ?? new InProcessBus(logger);
  const bus = new FaultInjectingBus(inner);
  const tokens = new Tokens(await loadSigningKeys(config), config.jwt.issuer, 600);
  const accountStatuses = new Map<string, AccountStatus>();
  const consents = new Map<string, PartnerScope[]>();
  bus.handle(AccountCommands.getAccount, async ({ accountId }) => ({
    accountId,
    status: accountStatuses.get(accountId) ?? 'ACTIVE',
    mfaEnabled: false,
    roles: ['CUSTOMER' as const],
  }));
  bus.handle(AccountCommands.partnerAccess, async ({ partnerAppId, accountId }) => ({
    scopes: consents.get(`${partnerAppId}:${accountId}`) ?? [],
  }));
  const events = new EventLog(bus, Object.values(WalletEvents));
  const gateway = new GatewaySigner(await loadGatewaySecret(config));
  const revocations = new RevocationList(600_000);
  const service = await start(
    { config, logger, bus, tokens, revocations, clock: systemClock, gateway },
    { port: 0 },
  );
  const gql = gqlClient(service.url, { signer: gateway });
  return {
    bus,
    async drain() {
      if (!(inner instanceof InProcessBus)) throw new Error('Only the in-process bus can be drained');
      await inner.drain();
    },
    tokens,
    events,
    gql,
    accountStatuses,
    consents,
    async customer() {
      const accountId = newId();
      return { accountId, token: await tokens.signAccount(accountId, ['CUSTOMER']) };
    },
    async openWallet(token, currency = 'EUR') {
      const data = await ok(
        gql<{ openWallet: { id: string } }>(
          'mutation ($currency: String!) { openWallet(input: { currency: $currency }) { id } }',
          { currency },
          token,
        ),
      );
      return data.openWallet.id;
    },
    async fund(walletId, amountMinor, currency = 'EUR') {
      const reply = await bus.request(WalletCommands.transfer, {
        transferId: randomUUID(),
        debit: { system: 'FUNDING' },
        credit: { walletId },
        amountMinor,
        currency,
        paymentId: randomUUID(),
      });
      if (reply.outcome !== 'POSTED') throw new Error(`funding ${walletId} was ${reply.outcome}`);
    },
    async close() {
      await service.close();
      events.close();
      await bus.close();
      await place.drop();
    },
  };
}
