import { randomBytes } from 'node:crypto';
import type { TestGraph } from './graph';

/** A signed-up customer: its token and ids, for scenario tests. */
export interface TestCustomer {
  accountId: string;
  email: string;
  password: string;
  token: string;
}

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      account {
        id
      }
    }
  }
`;

/** Signs up a new customer through the gateway with a unique email. */
export async function signUpCustomer(graph: TestGraph, displayName = 'Test Customer'): Promise<TestCustomer> {
  const email = `user-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  const response = await graph.gql<{ signUp: { token: string; account: { id: string } } }>(SIGN_UP, {
    input: { email, password, displayName },
  });
  if (!response.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { accountId: response.data.signUp.account.id, email, password, token: response.data.signUp.token };
}

/** Signs a customer in again through the gateway: a fresh token, as after a revocation. */
export async function signInAgain(graph: TestGraph, customer: TestCustomer): Promise<string> {
  const response = await graph.gql<{ signIn: { token: string } }>(
    `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
    { input: { email: customer.email, password: customer.password } },
  );
  if (!response.data?.signIn) throw new Error(`signIn failed: ${JSON.stringify(response.errors)}`);
  return response.data.signIn.token;
}
