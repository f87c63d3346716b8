import { randomBytes } from 'node:crypto';
import { errorCodes, startTestGraph, type TestGraph } from './support/graph';
import type { GraphQLResponse } from './support/gql';
import { signUpCustomer } from './support/users';

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token account { id } } }`;

/** Signs in through the gateway, as a client behind a proxy that forwards `forwardedFor`. */
function signIn(
  graph: TestGraph,
  input: { email: string; password: string },
  forwardedFor: string,
): Promise<GraphQLResponse<{ signIn: { token: string; account: { id: string } } }>> {
  return graph.gql(SIGN_IN, { input }, { headers: { 'x-forwarded-for': forwardedFor } });
}

const unknownEmail = () => `nobody-${randomBytes(6).toString('hex')}@example.com`;
let addresses = 0;
/** A documentation address (RFC 5737) no other test of this file uses. */
const newAddress = () => `198.51.100.${++addresses}`;

describe('sign-in throttling behind a trusted proxy', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  it('locks out an address after 20 failures, while a customer from another address signs in', async () => {
    const attacker = newAddress();
    for (let i = 0; i < 20; i++) {
      const response = await signIn(
        graph,
        { email: unknownEmail(), password: 'wrong password here' },
        attacker,
      );
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
    const customer = await signUpCustomer(graph);
    const credentials = { email: customer.email, password: customer.password };
    const limited = await signIn(graph, credentials, attacker);
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(800);

    const elsewhere = await signIn(graph, credentials, newAddress());
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data?.signIn.account.id).toBe(customer.accountId);
  });

  it('checks at most 5 of 40 parallel wrong guesses at one account; the customer still signs in elsewhere', async () => {
    const customer = await signUpCustomer(graph);
    const attacker = newAddress();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn(graph, { email: customer.email, password: `wrong guess ${i}` }, attacker),
      ),
    );
    const codes = answers.flatMap((answer) => errorCodes(answer));
    expect(codes).toHaveLength(40);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(35);

    const again = await signIn(graph, { email: customer.email, password: customer.password }, attacker);
    expect(errorCodes(again)).toEqual(['RATE_LIMITED']);
    const own = await signIn(graph, { email: customer.email, password: customer.password }, newAddress());
    expect(own.errors).toBeUndefined();
    expect(own.data?.signIn.account.id).toBe(customer.accountId);
  });
});

describe('sign-in throttling without a trusted proxy', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1, which is then no proxy the gateway believes.
    graph = await startTestGraph({ TRUSTED_PROXIES: '10.0.0.0/8' });
  });
  afterAll(() => graph.close());

  it('ignores X-Forwarded-For from an untrusted peer: rotating it does not escape the address limit', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await signIn(
        graph,
        { email: unknownEmail(), password: 'wrong password here' },
        newAddress(),
      );
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
    const customer = await signUpCustomer(graph);
    const limited = await signIn(graph, { email: customer.email, password: customer.password }, newAddress());
    expect(errorCodes(limited)).toEqual(['RATE_LIMITED']);
  });
});
