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
