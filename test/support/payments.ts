import { authenticator } from 'otplib';
import { RiskCommands, type RiskDecision } from '../../subgraphs/risk/contract';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createLogger } from '../../platform/logger';
import { newId } from '../../platform/ids';
import type { Database } from '../../platform/database';
import { openWalletsDatabase } from '../../subgraphs/wallets/database';
import type { PaymentsRunningService } from '../../subgraphs/payments';
import { PaymentEvents } from '../../subgraphs/payments/contract';
import { startTestGraph, type TestGraph } from './graph';
import { ok, type GraphQLResponse } from './gql';
import { signUpCustomer, type TestCustomer } from './users';

export { ok };

/** Scenario helpers for the payments tests: customers with wallets, mutations, balances, the ledger. */

export const PAYMENT_FIELDS = `id kind status amount { amount currency } creditedAmount { amount currency } fxRate
  sourceWallet { id } destinationWallet { id } fundingSource { id } merchant { name category } category note
  declineReason createdAt completedAt`;

export interface PaymentView {
  id: string;
  kind: string;
  status: string;
  amount: { amount: string; currency: string };
  creditedAmount: { amount: string; currency: string } | null;
  fxRate: string | null;
  sourceWallet: { id: string } | null;
  destinationWallet: { id: string } | null;
  fundingSource: { id: string } | null;
  merchant: { name: string; category: string } | null;
  declineReason: string | null;
  completedAt: string | null;
}

/** A test customer with its wallets by currency and a linked card. */
export interface Payer extends TestCustomer {
  wallets: Record<string, string>;
  cardId: string;
}

/** A Luhn-valid VISA number ending in `last4`: the sandbox network's test rules key on it. */
export function cardEndingIn(last4: string): string {
  for (let digit = 0; digit < 10; digit++) {
    const number = `42424242424${digit}${last4}`;
    if (luhn(number)) return number;
  }
  throw new Error(`no card number ends in ${last4}`);
}

function luhn(number: string): boolean {
  let sum = 0;
  [...number].reverse().forEach((char, index) => {
    let digit = Number(char);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  });
  return sum % 10 === 0;
}

/** Signs up a customer, opens a wallet per currency and links a card (last4 4242 unless said). */
export async function newPayer(
  graph: TestGraph,
  currencies: string[] = ['EUR'],
  cardLast4 = '4242',
): Promise<Payer> {
  const customer = await signUpCustomer(graph);
  const wallets: Record<string, string> = {};
  for (const currency of currencies) {
    const data = await ok(
      graph.gql<{ openWallet: { id: string } }>(
        'mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id } }',
        { input: { currency } },
        customer.token,
      ),
    );
    wallets[currency] = data.openWallet.id;
  }
  const card = await ok(
    graph.gql<{ linkCard: { id: string } }>(
      'mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }',
      {
        input: {
          number: cardEndingIn(cardLast4),
          expMonth: 12,
          expYear: new Date().getUTCFullYear() + 2,
          cvc: '123',
          holderName: 'Test Payer',
        },
      },
      customer.token,
    ),
  );
  return { ...customer, wallets, cardId: card.linkCard.id };
}

/** Links a bank account (IBAN last4 3000). */
export async function linkBank(
  graph: TestGraph,
  payer: Payer,
  iban = 'DE89370400440532013000',
): Promise<string> {
  const data = await ok(
    graph.gql<{ linkBankAccount: { id: string } }>(
      'mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { id } }',
      { input: { iban, holderName: 'Test Payer' } },
      payer.token,
    ),
  );
  return data.linkBankAccount.id;
}

let keys = 0;
/** A fresh idempotency key. */
export function newKey(): string {
  return `e2e-${process.pid}-${Date.now()}-${++keys}`;
}

/** Sends one payment mutation (`topUp`, `withdraw`, `transfer`, `payMerchant`, `verifyPayment`). */
export function pay(
  graph: TestGraph,
  token: string,
  mutation: 'topUp' | 'withdraw' | 'transfer' | 'payMerchant' | 'verifyPayment',
  input: Record<string, unknown>,
): Promise<GraphQLResponse<Record<string, PaymentView>>> {
  const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
  return graph.gql(
    `mutation ($input: ${type}!) { ${mutation}(input: $input) { ${PAYMENT_FIELDS} } }`,
    { input },
    token,
  );
}

/** Tops up a payer's wallet from its card and expects it COMPLETED. */
export async function fund(
  graph: TestGraph,
  payer: Payer,
  amount: string,
  currency = 'EUR',
): Promise<PaymentView> {
  const data = await ok(
    pay(graph, payer.token, 'topUp', {
      walletId: payer.wallets[currency],
      fundingSourceId: payer.cardId,
      amount: { amount, currency },
      idempotencyKey: newKey(),
    }),
  );
  const topUp = await settled(graph, payer.token, data.topUp);
  if (topUp.status !== 'COMPLETED') throw new Error(`top-up ${topUp.status}: ${topUp.declineReason}`);
  // Every consumer has had the top-up's event (risk's history, offers): the next step of a test
  // starts from a graph that knows of it, however loaded the machine is.
  await graph.events.waitFor(PaymentEvents.completed, (event) => event.paymentId === topUp.id);
  await graph.graph.drain();
  return topUp;
}

export interface WalletView {
  balance: { amount: string; currency: string };
  availableBalance: { amount: string };
  entries: { edges: { node: { amount: { amount: string }; direction: string; paymentId: string | null } }[] };
}

/** A wallet's balances and newest ledger entries, as its owner reads them through the gateway. */
export async function walletOf(graph: TestGraph, token: string, walletId: string): Promise<WalletView> {
  const data = await ok(
    graph.gql<{ wallet: WalletView }>(
      `query ($id: ID!) { wallet(id: $id) { balance { amount currency } availableBalance { amount }
        entries(first: 100) { edges { node { amount { amount } direction paymentId } } } } }`,
      { id: walletId },
      token,
    ),
  );
  return data.wallet;
}

/** The entries a payment made in a wallet, as "DIRECTION amount". */
export function entriesOf(wallet: WalletView, paymentId: string): string[] {
  return wallet.entries.edges
    .filter((edge) => edge.node.paymentId === paymentId)
    .map((edge) => `${edge.node.direction} ${edge.node.amount.amount}`);
}

/**
 * Reads the wallets ledger directly (a second connection, read only) to check the books:
 * per currency, posted balances of all accounts sum to zero, and so do the entries.
 */
export class LedgerProbe {
  private database?: Database;

  constructor(private readonly graph: TestGraph) {}

  private async em(): Promise<SqlEntityManager> {
    this.database ??= await openWalletsDatabase(this.graph.config, createLogger('silent'));
    return this.database.fork() as EntityManager as SqlEntityManager;
  }

  /** Per currency: the sum of every account's posted balance, and of the signed entries. */
  async imbalances(): Promise<Record<string, { posted: bigint; entries: bigint }>> {
    const em = await this.em();
    const posted = await em.execute<{ currency: string; total: string | number }[]>(
      'select currency, sum(posted) as total from ledger_accounts group by currency',
    );
    const entries = await em.execute<{ currency: string; total: string | number }[]>(
      `select currency, sum(case when direction = 'CREDIT' then amount else -amount end) as total
       from ledger_entries group by currency`,
    );
    const result: Record<string, { posted: bigint; entries: bigint }> = {};
    for (const row of posted) result[row.currency] = { posted: BigInt(row.total ?? 0), entries: 0n };
    for (const row of entries) {
      result[row.currency] = { posted: result[row.currency]?.posted ?? 0n, entries: BigInt(row.total ?? 0) };
    }
    return result;
  }

  /** The posted balance of a system account (FUNDING, SETTLEMENT, FX, REWARDS) in a currency. */
  async system(code: string, currency: string): Promise<bigint> {
    const em = await this.em();
    const rows = await em.execute<{ posted: string | number }[]>(
      'select posted from ledger_accounts where code = ? and currency = ?',
      [code, currency],
    );
    return rows.length ? BigInt(rows[0].posted) : 0n;
  }

  async close(): Promise<void> {
    await this.database?.close();
  }
}

/** Expects every currency's books to balance. */
export async function expectBalancedLedger(probe: LedgerProbe): Promise<void> {
  for (const [currency, totals] of Object.entries(await probe.imbalances())) {
    expect({ currency, ...totals }).toEqual({ currency, posted: 0n, entries: 0n });
  }
}

/** The running payments service, to run its recovery pass directly. */
export function paymentsService(graph: TestGraph): PaymentsRunningService {
  return graph.graph.services.payments as PaymentsRunningService;
}

/** A TOTP code of the next 30-second step (the current one may already have been used). */
export function nextTotp(secret: string): string {
  return authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
}

/**
 * The types of the events a payment published, in the order they were delivered, once its
 * final event (`completed` or `declined`) has been delivered.
 */
export async function publishedBy(
  graph: TestGraph,
  paymentId: string,
  last: 'completed' | 'declined' | 'statusChanged' = 'completed',
): Promise<string[]> {
  await graph.events.waitFor(PaymentEvents[last], (data) => data.paymentId === paymentId);
  return graph.events.typesWhere((data) => (data as { paymentId?: string }).paymentId === paymentId);
}

/** A test file's graph and a probe of its ledger, started before its tests and closed after. */
export interface PaymentsGraph {
  graph: TestGraph;
  probe: LedgerProbe;
}

/** Starts the whole graph (with `env` on top of the test defaults) for the tests of one file. */
export function usePaymentsGraph(env: Record<string, string> = {}): PaymentsGraph {
  const context = {} as PaymentsGraph;
  beforeAll(async () => {
    context.graph = await startTestGraph(env);
    context.probe = new LedgerProbe(context.graph);
  });
  afterAll(async () => {
    await context.probe?.close();
    await context.graph?.close();
  });
  return context;
}

/** Turns MFA on for a payer and returns its TOTP secret. */
export async function enableMfa(graph: TestGraph, payer: TestCustomer): Promise<string> {
  const { enableMfa } = await ok(
    graph.gql<{ enableMfa: { secret: string } }>('mutation { enableMfa { secret } }', {}, payer.token),
  );
  await ok(
    graph.gql(
      'mutation ($code: String!) { confirmMfa(code: $code) { mfaEnabled } }',
      { code: authenticator.generate(enableMfa.secret) },
      payer.token,
    ),
  );
  return enableMfa.secret;
}

/** Freezes an account as an analyst would, through the gateway. */
export async function freezeAccount(graph: TestGraph, accountId: string): Promise<void> {
  const analyst = await graph.graph.tokens.signAccount(newId(), ['ANALYST']);
  await ok(
    graph.gql(
      'mutation ($id: ID!) { freezeAccount(accountId: $id, reason: "test") { status } }',
      { id: accountId },
      analyst,
    ),
  );
}

/** Makes risk answer `decision` for the next `times` payments; returns the undo. */
export function decideRisk(graph: TestGraph, decision: RiskDecision, times = 1): () => void {
  return graph.graph.bus.intercept(RiskCommands.assess, async () => ({ decision, score: 60, reasons: [] }), {
    times,
  });
}

/**
 * The payment once it has settled: as answered when that is final or waiting, else (a mutation
 * answers PENDING when its payment is slower than its budget) as read again after its final
 * event has been published, as a client that subscribes would see it.
 */
export async function settled(graph: TestGraph, token: string, payment: PaymentView): Promise<PaymentView> {
  if (payment.status !== 'PENDING') return payment;
  await Promise.race([
    graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === payment.id),
    graph.events.waitFor(PaymentEvents.declined, (data) => data.paymentId === payment.id),
  ]);
  const { payment: current } = await ok(
    graph.gql<{ payment: PaymentView }>(
      `query ($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`,
      { id: payment.id },
      token,
    ),
  );
  return current;
}

/**
 * Ada (50.00 EUR, MFA on) sends `amount` to Bob while risk is told to CHALLENGE: the transfer
 * waits in REQUIRES_VERIFICATION with its hold placed.
 */
export async function challengedTransfer(
  graph: TestGraph,
  amount = '20.00',
): Promise<{ ada: Payer; bob: Payer; secret: string; transfer: PaymentView }> {
  const ada = await newPayer(graph);
  const bob = await newPayer(graph);
  await fund(graph, ada, '50.00');
  const secret = await enableMfa(graph, ada);
  decideRisk(graph, 'CHALLENGE');
  const { transfer } = await ok(
    pay(graph, ada.token, 'transfer', {
      fromWalletId: ada.wallets.EUR,
      toWalletId: bob.wallets.EUR,
      amount: { amount, currency: 'EUR' },
      idempotencyKey: newKey(),
    }),
  );
  return { ada, bob, secret, transfer };
}
