import type { TestGraph } from './graph';
import { ok } from './gql';

/** A registered partner app: its id, its credentials and a token for it. */
export interface TestPartner {
  appId: string;
  clientId: string;
  clientSecret: string;
  token: string;
}

/** Registers a partner app (owned by `ownerToken`'s account) and gets it a token. */
export async function registerPartner(
  graph: TestGraph,
  ownerToken: string,
  scopes: string[],
  name = 'Budget Buddy',
): Promise<TestPartner> {
  const registered = await ok(
    graph.gql<{ registerPartnerApp: { app: { id: string }; clientId: string; clientSecret: string } }>(
      `mutation ($input: RegisterPartnerAppInput!) { registerPartnerApp(input: $input) { app { id } clientId clientSecret } }`,
      { input: { name, scopes } },
      ownerToken,
    ),
  );
  const { app, clientId, clientSecret } = registered.registerPartnerApp;
  return { appId: app.id, clientId, clientSecret, token: await partnerToken(graph, clientId, clientSecret) };
}

/** A fresh token for a partner app from its credentials. */
export async function partnerToken(
  graph: TestGraph,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const data = await ok(
    graph.gql<{ partnerToken: string }>(
      `mutation ($clientId: String!, $clientSecret: String!) { partnerToken(clientId: $clientId, clientSecret: $clientSecret) }`,
      { clientId, clientSecret },
    ),
  );
  return data.partnerToken;
}

/** The account holder grants the app `scopes`. */
export async function grantPartner(
  graph: TestGraph,
  token: string,
  appId: string,
  scopes: string[],
): Promise<void> {
  await ok(
    graph.gql(
      `mutation ($id: ID!, $scopes: [String!]!) { grantPartnerAccess(partnerAppId: $id, scopes: $scopes) { id } }`,
      { id: appId, scopes },
      token,
    ),
  );
}

/** The account holder revokes everything it granted the app. */
export async function revokePartner(graph: TestGraph, token: string, appId: string): Promise<void> {
  await ok(graph.gql(`mutation ($id: ID!) { revokePartnerAccess(partnerAppId: $id) }`, { id: appId }, token));
}
