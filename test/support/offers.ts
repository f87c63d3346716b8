import { newId } from '../../platform/ids';
import { PaymentEvents } from '../../subgraphs/payments/contract';
import type { TestGraph } from './graph';
import { newKey, ok, pay, settled, type Payer, type PaymentView } from './payments';

/** Scenario helpers for the offers tests: merchant payments offers has taken in, offers, analysts. */

export const OFFER_FIELDS = `id title category currency cashbackRate activated validFrom validUntil
  minSpend { amount currency } maxCashback { amount currency } maxTotalCashback { amount currency }`;

export interface OfferView {
  id: string;
  title: string;
  category: string;
  currency: string;
  cashbackRate: string;
  activated: boolean;
  validFrom: string;
  validUntil: string;
}

/**
 * Pays a merchant, expects the payment COMPLETED, and resolves once offers has taken its
 * `payment.completed` in (every delivery of the event has finished).
 */
export async function payMerchant(
  graph: TestGraph,
  payer: Payer,
  category: string,
  amount: string,
  currency = 'EUR',
  merchantName = `${category.toLowerCase()} merchant`,
): Promise<PaymentView> {
  const { payMerchant } = await ok(
    pay(graph, payer.token, 'payMerchant', {
      walletId: payer.wallets[currency],
      merchantName,
      category,
      amount: { amount, currency },
      idempotencyKey: newKey(),
    }),
  );
  const payment = await settled(graph, payer.token, payMerchant);
  if (payment.status !== 'COMPLETED')
    throw new Error(`merchant payment ${payment.status}: ${payment.declineReason}`);
  await takenIn(graph, payment.id);
  return payment;
}

/** Resolves once every delivery of a payment's `payment.completed` has finished, offers' included. */
export async function takenIn(graph: TestGraph, paymentId: string): Promise<void> {
  await graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === paymentId);
  await graph.graph.drain();
}

/** The offers a customer sees, in their order. */
export async function offersOf(graph: TestGraph, token: string, first?: number): Promise<OfferView[]> {
  const data = await ok(
    graph.gql<{ me: { offers: OfferView[] } }>(
      `query ($first: Int) { me { offers(first: $first) { ${OFFER_FIELDS} } } }`,
      { first },
      token,
    ),
  );
  return data.me.offers;
}

/** Activates an offer for a customer. */
export async function activate(graph: TestGraph, token: string, offerId: string): Promise<OfferView> {
  const data = await ok(
    graph.gql<{ activateOffer: OfferView }>(
      `mutation ($id: ID!) { activateOffer(offerId: $id) { ${OFFER_FIELDS} } }`,
      { id: offerId },
      token,
    ),
  );
  return data.activateOffer;
}

/** A token for a new ANALYST. */
export function analystToken(graph: TestGraph): Promise<string> {
  return graph.graph.tokens.signAccount(newId(), ['ANALYST']);
}

/** Creates an offer as an analyst; amounts are in `currency` (EUR unless said). */
export async function createOffer(
  graph: TestGraph,
  input: {
    category: string;
    cashbackRate: string;
    currency?: string;
    minSpend?: string;
    maxCashback?: string;
    maxTotalCashback?: string;
    validFrom?: Date;
    validUntil?: Date;
  },
): Promise<OfferView> {
  const currency = input.currency ?? 'EUR';
  const money = (amount?: string) => (amount === undefined ? null : { amount, currency });
  const data = await ok(
    graph.gql<{ createOffer: OfferView }>(
      `mutation ($input: CreateOfferInput!) { createOffer(input: $input) { ${OFFER_FIELDS} } }`,
      {
        input: {
          title: `${input.cashbackRate} back on ${input.category.toLowerCase()}`,
          description: 'A test offer.',
          category: input.category,
          currency,
          cashbackRate: input.cashbackRate,
          minSpend: money(input.minSpend),
          maxCashback: money(input.maxCashback),
          maxTotalCashback: money(input.maxTotalCashback),
          validFrom: (input.validFrom ?? new Date(Date.now() - 60_000)).toISOString(),
          validUntil: (input.validUntil ?? new Date(Date.now() + 86_400_000)).toISOString(),
        },
      },
      await analystToken(graph),
    ),
  );
  return data.createOffer;
}

/** The cashback a payment shows, as its payer reads it. */
export async function cashbackOn(
  graph: TestGraph,
  token: string,
  paymentId: string,
): Promise<{ amount: string; currency: string } | null> {
  const data = await ok(
    graph.gql<{ payment: { cashback: { amount: string; currency: string } | null } }>(
      'query ($id: ID!) { payment(id: $id) { cashback { amount currency } } }',
      { id: paymentId },
      token,
    ),
  );
  return data.payment.cashback;
}

/** A customer's rewards. */
export async function rewardsOf(
  graph: TestGraph,
  token: string,
): Promise<{ points: number; cashbackEarned: { amount: string; currency: string }[] }> {
  const data = await ok(
    graph.gql<{
      me: { rewards: { points: number; cashbackEarned: { amount: string; currency: string }[] } };
    }>('query { me { rewards { points cashbackEarned { amount currency } } } }', {}, token),
  );
  return data.me.rewards;
}
