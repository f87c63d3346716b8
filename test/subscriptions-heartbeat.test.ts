import WebSocket from 'ws';
import { newPayer, usePaymentsGraph } from './support/payments';
import { metricValue, TRANSACTION_EVENTS } from './support/subscriptions';

describe('heartbeats', () => {
  // The gateway pings every 200 ms here; a socket that has not answered by the next ping is closed.
  const g = usePaymentsGraph({ SUBSCRIPTION_KEEPALIVE_MS: '200' });

  it('a socket that stops answering pings is reaped, and its subscription with it', async () => {
    const ada = await newPayer(g.graph);
    const open = await metricValue(g.graph, 'gateway_subscriptions_open');
    const socket = new WebSocket(g.graph.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ada.token}` } }),
    );
    await new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: TRANSACTION_EVENTS, variables: {} } }),
    );
    while ((await metricValue(g.graph, 'gateway_subscriptions_open')) < open + 1);
    // The client goes silent: it reads nothing more, so it answers no ping.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    while ((await metricValue(g.graph, 'gateway_subscriptions_open')) > open);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
  });
});
