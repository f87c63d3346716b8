import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startPartnerApp,
  type RunningPartnerApp,
  type TransactionEvent,
} from '../examples/partner-app/partner-app';
import { fund, newPayer, usePaymentsGraph } from './support/payments';
import { grantPartner, registerPartner } from './support/partners';

/** The example partner app against a graph whose tokens live 4 seconds. */
describe('examples/partner-app', () => {
  const g = usePaymentsGraph({ JWT_TTL_SECONDS: '4' });
  const dir = mkdtempSync(path.join(tmpdir(), 'partner-app-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Events as the app hands them over, and a way to wait for the next ones. */
  function recorder() {
    const events: TransactionEvent[] = [];
    const statuses: string[] = [];
    let waiters: (() => void)[] = [];
    const notify = () => {
      for (const resolve of waiters) resolve();
      waiters = [];
    };
    return {
      events,
      statuses,
      onEvent: (event: TransactionEvent) => {
        events.push(event);
        notify();
      },
      onStatus: (status: string) => {
        statuses.push(status);
        notify();
      },
      async until(condition: () => boolean) {
        while (!condition()) await new Promise<void>((resolve) => waiters.push(resolve));
      },
    };
  }

  it('renews its token, and after a restart resumes from its state file without a loss or a duplicate', async () => {
    const developer = await newPayer(g.graph);
    const partner = await registerPartner(g.graph, developer.token, ['events:subscribe']);
    const carol = await newPayer(g.graph);
    await grantPartner(g.graph, carol.token, partner.appId, ['events:subscribe']);
    const options = {
      url: g.graph.url,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      stateFile: path.join(dir, 'state.json'),
      // Its first run takes everything the log holds for it: nothing is missed while it connects.
      startAfter: '0',
    };

    const first = recorder();
    let app: RunningPartnerApp = await startPartnerApp({ ...options, ...first });
    const before = await fund(g.graph, carol, '1.00');
    await first.until(() => first.events.length >= 2);
    // The token lives 4 s: the app renews it and goes on, on a fresh connection.
    await first.until(() => first.statuses.some((status) => status.includes('renewing')));
    const carolAgain = { ...carol, token: (await newPayerToken()) ?? carol.token };
    const afterRenewal = await fund(g.graph, carolAgain, '2.00');
    await first.until(() => first.events.length >= 4);
    await app.stop();

    // Down for a while: two payments happen meanwhile.
    const missed = [await fund(g.graph, carolAgain, '3.00'), await fund(g.graph, carolAgain, '4.00')];
    const second = recorder();
    app = await startPartnerApp({ ...options, ...second });
    await second.until(() => second.events.length >= 4);
    await app.stop();

    expect(first.events.map((event) => [event.payment.id, event.type])).toEqual([
      [before.id, 'CREATED'],
      [before.id, 'COMPLETED'],
      [afterRenewal.id, 'CREATED'],
      [afterRenewal.id, 'COMPLETED'],
    ]);
    expect(second.events.map((event) => [event.payment.id, event.type])).toEqual(
      missed.flatMap((payment) => [
        [payment.id, 'CREATED'],
        [payment.id, 'COMPLETED'],
      ]),
    );

    /** Carol's own token has expired by now: she signs in again as her app would. */
    async function newPayerToken(): Promise<string | undefined> {
      const response = await g.graph.gql<{ signIn: { token: string } }>(
        `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
        { input: { email: carol.email, password: carol.password } },
      );
      return response.data?.signIn.token;
    }
  });
});
