import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  gql,
} from '@apollo/client';
import { startTestGraph, type TestGraph } from './support/graph';

/** Apollo Client 4 against the gateway, over HTTP, as a web front end would use it. */
describe('Apollo Client 4 over HTTP', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  function client(token?: string): ApolloClient {
    const auth = new ApolloLink((operation, forward) => {
      if (token) operation.setContext({ headers: { authorization: `Bearer ${token}` } });
      return forward(operation);
    });
    return new ApolloClient({
      link: auth.concat(new HttpLink({ uri: graph.url })),
      cache: new InMemoryCache(),
    });
  }

  it('signs up, opens a wallet and reads it back through the normalised cache', async () => {
    const anonymous = client();
    const signedUp = await anonymous.mutate<{
      signUp: { token: string; account: { id: string; displayName: string } };
    }>({
      mutation: gql`
        mutation SignUp($input: SignUpInput!) {
          signUp(input: $input) {
            token
            account {
              id
              displayName
            }
          }
        }
      `,
      variables: {
        input: {
          email: `apollo-${Date.now()}@example.com`,
          password: 'a long and unusual passphrase',
          displayName: 'Grace',
        },
      },
    });
    const { token, account } = signedUp.data!.signUp;
    const customer = client(token);
    const opened = await customer.mutate<{ openWallet: { id: string; currency: string } }>({
      mutation: gql`
        mutation Open($input: OpenWalletInput!) {
          openWallet(input: $input) {
            id
            currency
          }
        }
      `,
      variables: { input: { currency: 'JPY' } },
    });
    const me = await customer.query<{
      me: {
        id: string;
        displayName: string;
        wallets: { id: string; balance: { amount: string; currency: string } }[];
      };
    }>({
      query: gql`
        query Me {
          me {
            id
            displayName
            wallets {
              id
              balance {
                amount
                currency
              }
            }
          }
        }
      `,
    });
    expect(me.data!.me).toEqual({
      __typename: 'Account',
      id: account.id,
      displayName: 'Grace',
      wallets: [
        {
          __typename: 'Wallet',
          id: opened.data!.openWallet.id,
          balance: { __typename: 'Money', amount: '0', currency: 'JPY' },
        },
      ],
    });
    // The cache normalised the wallet under its id.
    const normalised = customer.cache.extract() as Record<string, unknown>;
    expect(normalised[`Wallet:${opened.data!.openWallet.id}`]).toBeDefined();
  });

  it('surfaces the error codes of API.md as CombinedGraphQLErrors', async () => {
    const anonymous = client();
    const error = await anonymous
      .mutate({
        mutation: gql`
          mutation SignIn($input: SignInInput!) {
            signIn(input: $input) {
              token
            }
          }
        `,
        variables: { input: { email: 'nobody@example.com', password: 'whatever it is' } },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
