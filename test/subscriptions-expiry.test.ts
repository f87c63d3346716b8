import { signInAgain } from './support/users';
import { fund, newPayer, usePaymentsGraph } from './support/payments';
import {
  idsAndTypes,
  logPosition,
  TRANSACTION_EVENTS,
  wsClient,
  type TransactionEventView,
} from './support/subscriptions';

type Events = { transactionEvents: TransactionEventView };

describe('a token that expires on an open socket', () => {
  // Tokens live 3 seconds here.
  const g = usePaymentsGraph({ JWT_TTL_SECONDS: '3' });

  it('ends the connection with 4401 and a reason; a fresh token and after lose nothing', async () => {
    const ada = await newPayer(g.graph);
    const after = logPosition(g.graph);
    const ws = wsClient(g.graph, ada.token);
    const stream = ws.subscribe<Events>(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR, after });
    const closed = await ws.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/expired/);
    expect(stream.results).toEqual([]);

    const token = await signInAgain(g.graph, ada);
    const fresh = { ...ada, token };
    const meanwhile = await fund(g.graph, fresh, '7.00');
    const again = wsClient(g.graph, token);
    const resumed = await again
      .subscribe<Events>(TRANSACTION_EVENTS, { walletId: ada.wallets.EUR, after })
      .take(2);
    expect(idsAndTypes(resumed)).toEqual([
      [meanwhile.id, 'CREATED'],
      [meanwhile.id, 'COMPLETED'],
    ]);
    await Promise.all([ws.dispose(), again.dispose()]);
  });
});
