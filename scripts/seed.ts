/**
 * Fills a fresh database with demo customers, their wallets, cards and bank accounts, and a
 * few weeks of payments between them and at merchants, so that a developer opening Sandbox has
 * something to explore. Everything goes through the gateway, as a client's calls would; the
 * services' clock is moved back so the history spreads over the past weeks.
 *
 *   npm run seed        (same DATA_DIR / DATABASE_URL as `npm start`; run it before starting)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startGraph } from '../main';
import { createAnalyst } from '../subgraphs/accounts';
import { DEMO_PASSWORD } from './demo-password';

const DAY = 86_400_000;
const HISTORY_DAYS = 28;

interface Demo {
  key: string;
  email: string;
  displayName: string;
  currencies: string[];
  card?: { number: string; expMonth: number; expYear: number; cvc: string };
  iban: string;
}

const DEMOS: Demo[] = [
  {
    key: 'alice',
    email: 'alice@demo.example',
    displayName: 'Alice Martin',
    currencies: ['EUR', 'USD'],
    card: { number: '4242424242424242', expMonth: 9, expYear: 2030, cvc: '123' },
    iban: 'DE89370400440532013000',
  },
  {
    key: 'bob',
    email: 'bob@demo.example',
    displayName: 'Bob Chen',
    currencies: ['EUR', 'CNY'],
    card: { number: '5555555555554444', expMonth: 4, expYear: 2031, cvc: '456' },
    iban: 'FR1420041010050500013M02606',
  },
  {
    key: 'carol',
    email: 'carol@demo.example',
    displayName: 'Carol Rossi',
    currencies: ['EUR'],
    iban: 'IT60X0542811101000000123456',
  },
];

const MERCHANTS: [string, string, string][] = [
  ['Corner Bistro', 'DINING', '18.40'],
  ['FreshMart', 'GROCERIES', '62.15'],
  ['City Metro', 'TRANSPORT', '2.90'],
  ['SkyJet Airlines', 'TRAVEL', '189.00'],
  ['Northwind Outfitters', 'SHOPPING', '74.99'],
  ['Cinema Paradiso', 'ENTERTAINMENT', '12.50'],
  ['PowerGrid Energy', 'UTILITIES', '55.00'],
  ['Green Cross Pharmacy', 'HEALTH', '9.80'],
];

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.production) {
    console.error('The seed makes demo accounts whose password is published: it does not run in production.');
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  // The seed's clock starts HISTORY_DAYS ago and is moved forward day by day.
  let offset = -HISTORY_DAYS * DAY;
  const clock = () => new Date(Date.now() + offset);
  // Tokens are issued at the seed's clock and checked at the real one: they must outlive the history.
  const jwt = { ...config.jwt, ttlSeconds: config.jwt.ttlSeconds + (HISTORY_DAYS * DAY) / 1000 };
  const graph = await startGraph({ ...config, port: 0, jwt }, logger, { ephemeralPorts: true, clock });
  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<T> => {
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join('; '));
    return body.data;
  };
  try {
    const existing = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { signIn(input: { email: "alice@demo.example", password: "${DEMO_PASSWORD}" }) { token } }`,
      }),
    }).then((r) => r.json() as Promise<{ data?: unknown }>);
    if (existing.data) {
      console.log(`Already seeded (${config.databaseUrl ? 'PostgreSQL' : config.dataDir}); nothing to do.`);
      return;
    }

    const people = new Map<
      string,
      { token: string; wallets: Record<string, string>; card?: string; bank: string }
    >();
    for (const demo of DEMOS) {
      const { signUp } = await call<{ signUp: { token: string } }>(
        `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
        { input: { email: demo.email, password: DEMO_PASSWORD, displayName: demo.displayName } },
      );
      const wallets: Record<string, string> = {};
      for (const currency of demo.currencies) {
        const { openWallet } = await call<{ openWallet: { id: string } }>(
          `mutation ($input: OpenWalletInput!) { openWallet(input: $input) { id } }`,
          { input: { currency } },
          signUp.token,
        );
        wallets[currency] = openWallet.id;
      }
      const { linkBankAccount } = await call<{ linkBankAccount: { id: string } }>(
        `mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { id } }`,
        { input: { iban: demo.iban, holderName: demo.displayName } },
        signUp.token,
      );
      let card: string | undefined;
      if (demo.card) {
        const { linkCard } = await call<{ linkCard: { id: string } }>(
          `mutation ($input: LinkCardInput!) { linkCard(input: $input) { id } }`,
          { input: { ...demo.card, holderName: demo.displayName } },
          signUp.token,
        );
        card = linkCard.id;
      }
      people.set(demo.key, { token: signUp.token, wallets, card, bank: linkBankAccount.id });
    }

    type Person = { token: string; wallets: Record<string, string>; card?: string; bank: string };
    const pay = (mutation: string, input: Record<string, unknown>, token: string) =>
      call(
        `mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id status } }`,
        { input: { ...input, idempotencyKey: randomUUID() } },
        token,
      );
    let payments = 0;
    const money = (amount: string, currency: string) => ({ amount, currency });
    const topUp = (who: Person, amount: string, from = who.card ?? who.bank, currency = 'EUR') =>
      pay(
        'topUp',
        { walletId: who.wallets[currency], fundingSourceId: from, amount: money(amount, currency) },
        who.token,
      );
    const transfer = (who: Person, toWalletId: string, amount: string, note: string) =>
      pay(
        'transfer',
        { fromWalletId: who.wallets.EUR, toWalletId, amount: money(amount, 'EUR'), note },
        who.token,
      );
    const record = async (payment: Promise<unknown>) => {
      await payment;
      payments++;
    };

    const alice = people.get('alice')!;
    const bob = people.get('bob')!;
    const carol = people.get('carol')!;
    for (let day = 0; day < HISTORY_DAYS; day++) {
      offset = -(HISTORY_DAYS - day) * DAY + 9 * 3_600_000;
      if (day % 7 === 0) {
        await record(topUp(alice, '800.00'));
        await record(topUp(bob, '650.00', bob.bank));
        await record(topUp(carol, '400.00'));
      }
      for (const [index, person] of [alice, bob, carol].entries()) {
        const [merchantName, category, amount] = MERCHANTS[(day * 3 + index) % MERCHANTS.length];
        offset += 3_600_000;
        await record(
          pay(
            'payMerchant',
            { walletId: person.wallets.EUR, merchantName, category, amount: money(amount, 'EUR') },
            person.token,
          ),
        );
      }
      if (day % 3 === 1) {
        await record(transfer(alice, bob.wallets.EUR, '25.00', 'Dinner, split'));
        await record(transfer(bob, carol.wallets.EUR, '15.00', 'Cinema tickets'));
      }
      if (day === 10) {
        await record(transfer(bob, bob.wallets.CNY, '100.00', 'For the trip'));
        await record(topUp(alice, '300.00', alice.card, 'USD'));
      }
      if (day === 20) {
        await record(
          pay(
            'withdraw',
            { walletId: carol.wallets.EUR, fundingSourceId: carol.bank, amount: money('120.00', 'EUR') },
            carol.token,
          ),
        );
      }
    }
    offset = 0;
    // Alice activates the offer ranked first for her spending and sets a monthly dining budget.
    await graph.drain();
    const { signIn } = await call<{ signIn: { token: string } }>(
      'mutation ($input: SignInInput!) { signIn(input: $input) { token } }',
      { input: { email: 'alice@demo.example', password: DEMO_PASSWORD } },
    );
    const { me } = await call<{ me: { offers: { id: string }[] } }>(
      '{ me { offers(first: 1) { id } } }',
      {},
      signIn.token,
    );
    await call(
      'mutation ($id: ID!) { activateOffer(offerId: $id) { id } }',
      { id: me.offers[0].id },
      signIn.token,
    );
    await call(
      'mutation { setBudget(input: { category: DINING, limit: { amount: "250.00", currency: "EUR" } }) { id } }',
      {},
      signIn.token,
    );
    await createAnalyst(config, logger, { email: 'analyst@demo.example', password: DEMO_PASSWORD });
    console.log(
      `Seeded ${DEMOS.length} customers, an analyst and ${payments} payments over ${HISTORY_DAYS} days.`,
    );
    console.log(`Sign in with any of ${[...DEMOS.map((d) => d.email), 'analyst@demo.example'].join(', ')}`);
    console.log(`and the password "${DEMO_PASSWORD}".`);
  } finally {
    await graph.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
