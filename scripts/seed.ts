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

export const DEMO_PASSWORD = 'demo passphrase 2026';
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
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  // The seed's clock starts HISTORY_DAYS ago and is moved forward day by day.
  let offset = -HISTORY_DAYS * DAY;
  const clock = () => new Date(Date.now() + offset);
  const graph = await startGraph({ ...config, port: 0 }, logger, { ephemeralPorts: true, clock });
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

    const pay = (mutation: string, input: Record<string, unknown>, token: string) =>
      call(
        `mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id status } }`,
        { input: { ...input, idempotencyKey: randomUUID() } },
        token,
      );

    const alice = people.get('alice')!;
    const bob = people.get('bob')!;
    const carol = people.get('carol')!;
    let payments = 0;
    for (let day = 0; day < HISTORY_DAYS; day++) {
      offset = -(HISTORY_DAYS - day) * DAY + 9 * 3_600_000;
      if (day % 7 === 0) {
        await pay(
          'topUp',
          {
            walletId: alice.wallets.EUR,
            fundingSourceId: alice.card,
            amount: { amount: '800.00', currency: 'EUR' },
          },
          alice.token,
        );
        await pay(
          'topUp',
          {
            walletId: bob.wallets.EUR,
            fundingSourceId: bob.bank,
            amount: { amount: '650.00', currency: 'EUR' },
          },
          bob.token,
        );
        await pay(
          'topUp',
          {
            walletId: carol.wallets.EUR,
            fundingSourceId: carol.bank,
            amount: { amount: '400.00', currency: 'EUR' },
          },
          carol.token,
        );
        payments += 3;
      }
      for (const [index, person] of [alice, bob, carol].entries()) {
        const [merchantName, category, amount] = MERCHANTS[(day * 3 + index) % MERCHANTS.length];
        offset += 3_600_000;
        await pay(
          'payMerchant',
          { walletId: person.wallets.EUR, merchantName, category, amount: { amount, currency: 'EUR' } },
          person.token,
        );
        payments++;
      }
      if (day % 3 === 1) {
        await pay(
          'transfer',
          {
            fromWalletId: alice.wallets.EUR,
            toWalletId: bob.wallets.EUR,
            amount: { amount: '25.00', currency: 'EUR' },
            note: 'Dinner, split',
          },
          alice.token,
        );
        await pay(
          'transfer',
          {
            fromWalletId: bob.wallets.EUR,
            toWalletId: carol.wallets.EUR,
            amount: { amount: '15.00', currency: 'EUR' },
            note: 'Cinema tickets',
          },
          bob.token,
        );
        payments += 2;
      }
      if (day === 10) {
        await pay(
          'transfer',
          {
            fromWalletId: bob.wallets.EUR,
            toWalletId: bob.wallets.CNY,
            amount: { amount: '100.00', currency: 'EUR' },
            note: 'For the trip',
          },
          bob.token,
        );
        await pay(
          'topUp',
          {
            walletId: alice.wallets.USD,
            fundingSourceId: alice.card,
            amount: { amount: '300.00', currency: 'USD' },
          },
          alice.token,
        );
        payments += 2;
      }
      if (day === 20) {
        await pay(
          'withdraw',
          {
            walletId: carol.wallets.EUR,
            fundingSourceId: carol.bank,
            amount: { amount: '120.00', currency: 'EUR' },
          },
          carol.token,
        );
        payments++;
      }
    }
    offset = 0;
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
