import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { fund, newPayer, usePaymentsGraph } from './support/payments';
import { logPosition, TRANSACTION_EVENTS, type TransactionEventView } from './support/subscriptions';

/** Apollo Client 4 as the README shows it: one client, HTTP for operations, graphql-ws for subscriptions. */
describe('Apollo Client 4 with its graphql-ws link', () => {
  const g = usePaymentsGraph();

  it('receives transaction events on the same URL as its queries', async () => {
    const ada = await newPayer(g.graph);
    const ws = createClient({
      url: g.graph.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ada.token}` },
      retryAttempts: 0,
    });
    const http = new HttpLink({ uri: g.graph.url, headers: { authorization: `Bearer ${ada.token}` } });
    const client = new ApolloClient({
      link: ApolloLink.split(({ query }) => isSubscriptionOperation(query), new GraphQLWsLink(ws), http),
      cache: new InMemoryCache(),
    });

    const me = await client.query<{ me: { id: string } }>({
      query: gql`
        {
          me {
            id
          }
        }
      `,
    });
    expect(me.data?.me.id).toBe(ada.accountId);

    const received: TransactionEventView[] = [];
    let arrived!: () => void;
    const two = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = client
      .subscribe<{ transactionEvents: TransactionEventView }>({
        query: gql(TRANSACTION_EVENTS),
        variables: { walletId: ada.wallets.EUR, after: logPosition(g.graph) },
      })
      .subscribe((result) => {
        if (result.data) received.push(result.data.transactionEvents);
        if (received.length === 2) arrived();
      });
    const topUp = await fund(g.graph, ada, '12.00');
    await two;
    expect(received.map((event) => [event.type, event.payment.id, event.payment.amount.amount])).toEqual([
      ['CREATED', topUp.id, '12.00'],
      ['COMPLETED', topUp.id, '12.00'],
    ]);
    subscription.unsubscribe();
    await ws.dispose();
    client.stop();
  });
});
