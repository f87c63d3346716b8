import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Counter } from 'prom-client';
import { SIGNED_HEADERS } from '../platform/auth';
import { metrics } from '../platform/metrics';

/** Subgraph calls answered by another identical call already in flight. */
export const sharedSubgraphCalls = new Counter({
  name: 'gateway_subgraph_calls_shared_total',
  help: 'Subgraph query calls that shared the response of an identical call in flight',
  registers: [metrics],
});

/** The headers that say who is asking: calls that differ in them are never shared. */
const CALLER_HEADERS = ['authorization', SIGNED_HEADERS.clientIp];

/**
 * Shares one subgraph call among identical ones in flight: the same URL, the same body and the
 * same caller (its authorization and address) get one request and each its own copy of the
 * response. Only queries are shared (a body whose operation starts with `query` or `{`), never
 * a mutation or a subscription's event; once the call settles the next one goes out again, so
 * nothing is cached.
 */
export function sharingInFlight(fetcher: Fetcher): Fetcher {
  const inFlight = new Map<string, Promise<FetcherResponse>>();
  return async (url, init = {}) => {
    const key = shareKey(url, init);
    if (!key) return fetcher(url, init);
    const running = inFlight.get(key);
    if (running) {
      sharedSubgraphCalls.inc();
      return (await running).clone();
    }
    const call = fetcher(url, init).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return (await call).clone();
  };
}

function shareKey(url: string, init: FetcherRequestInit): string | undefined {
  if ((init.method ?? 'GET').toUpperCase() !== 'POST' || typeof init.body !== 'string') return undefined;
  if (!isQuery(init.body)) return undefined;
  const headers = init.headers as Record<string, string> | { get(name: string): string | null } | undefined;
  const read = (name: string) =>
    (typeof headers?.get === 'function'
      ? headers.get(name)
      : (headers as Record<string, string> | undefined)?.[name]) ?? '';
  const caller = CALLER_HEADERS.map(read).join('\n');
  return `${url}\n${caller}\n${init.body}`;
}

/** Whether a GraphQL request body (`{"query":"…"`, as the gateway writes it) holds a query. */
function isQuery(body: string): boolean {
  const match = /^\{"query":"\s*(\w+|\{)/.exec(body);
  return match !== null && (match[1] === '{' || match[1] === 'query');
}
