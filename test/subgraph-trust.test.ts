import { GatewaySigner, loadGatewaySecret } from '../platform/auth';
import { startTestGraph, type TestGraph } from './support/graph';
import { postGraphQL } from './support/gql';
import { signUpCustomer } from './support/users';

/** Subgraphs serve only the gateway: a caller that reaches a subgraph's port must prove it is the gateway. */
describe("a subgraph's own port", () => {
  let graph: TestGraph;
  let subgraph: string;

  beforeAll(async () => {
    // The gateway listens on every interface here; the subgraphs stay on loopback regardless.
    graph = await startTestGraph({ HOST: '0.0.0.0' });
    subgraph = graph.graph.services.accounts.url;
  });
  afterAll(() => graph.close());

  const ME = '{ me { id email } }';

  it('refuses a caller with a valid token but no gateway signature, and answers through the gateway', async () => {
    const customer = await signUpCustomer(graph);
    const direct = await postGraphQL(subgraph, ME, {}, customer.token);
    expect(direct.status).toBe(403);
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(direct.data).toBeUndefined();
    const through = await graph.gql<{ me: { id: string } }>(ME, {}, customer.token);
    expect(through.data?.me.id).toBe(customer.accountId);
  });

  it('refuses a signature made with another secret, one that is stale, and one over another body or client address', async () => {
    const customer = await signUpCustomer(graph);
    const forged = new GatewaySigner('a secret that is not the gateway secret');
    const stale = new GatewaySigner(await loadGatewaySecret(graph.config), () => Date.now() - 120_000);
    for (const client of [forged, stale]) {
      const answer = await postGraphQL(subgraph, ME, {}, customer.token, { signer: client });
      expect(answer.status).toBe(403);
    }
    // A signature taken from one request does not carry another body, nor another client address.
    const body = JSON.stringify({ query: '{ __typename }' });
    const signature = graph.signer.sign({ body, clientIp: '203.0.113.9' });
    const answer = await postGraphQL(
      subgraph,
      ME,
      {},
      {
        token: customer.token,
        headers: { 'x-gateway-signature': signature, 'x-client-ip': '203.0.113.9' },
      },
    );
    expect(answer.status).toBe(403);
    const spoofed = await fetch(subgraph, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gateway-signature': signature,
        'x-client-ip': '198.51.100.1',
      },
      body,
    });
    expect(spoofed.status).toBe(403);
    const genuine = await fetch(subgraph, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gateway-signature': signature,
        'x-client-ip': '203.0.113.9',
      },
      body,
    });
    expect(genuine.status).toBe(200);
  });

  it('listens on loopback, and keeps its health routes open to probes', async () => {
    for (const service of ['accounts', 'wallets', 'payments'] as const) {
      expect(new URL(graph.graph.services[service].url).hostname).toBe('127.0.0.1');
    }
    expect((await fetch(subgraph.replace(/\/graphql$/, '/health'))).status).toBe(200);
    expect((await fetch(graph.url.replace(/\/graphql$/, '/ready'))).status).toBe(200);
  });
});
