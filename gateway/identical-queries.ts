import { setTimeout } from 'node:timers';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Counter } from 'prom-client';
import { metrics } from '../platform/metrics';
import type { GatewayContext } from './auth';

/** Client queries answered by an identical one already executing. */
export const sharedQueries = new Counter({
  name: 'gateway_queries_shared_total',
  help: 'Client queries that shared the response of an identical query executing at the same time',
  registers: [metrics],
});

/** What a query that executed answered: what the identical ones waiting on it answer too. */
type Answer = Pick<GraphQLResponse, 'body'> & { status?: number };

/**
 * Executes identical client queries once while one of them is executing: the same document,
 * operation name and variables, from the same caller (its authorization and address), get one
 * query plan run and each the same answer. Each is still parsed, validated, costed and
 * authenticated on its own; only the execution is shared. Never a mutation (nor a subscription,
 * which HTTP does not serve); once the executing one has answered, the next runs again, so
 * nothing is cached. A query that joins one already running may not see a change committed in
 * between, as any read running at that moment would not.
 */
export function sharingIdenticalQueries(waitAtMostMs: number): ApolloServerPlugin<GatewayContext> {
  const executing = new Map<string, Promise<Answer | undefined>>();
  return {
    async requestDidStart() {
      let finish: ((answer: Answer | undefined) => void) | undefined;
      let key: string | undefined;
      return {
        async responseForOperation({ operation, operationName, queryHash, request, contextValue }) {
          if (operation.operation !== 'query') return null;
          key = [
            contextValue.authorization ?? '',
            contextValue.clientIp ?? '',
            queryHash,
            operationName ?? '',
            JSON.stringify(request.variables ?? {}),
          ].join('\n');
          const running = executing.get(key);
          if (running) {
            const answer = await withinMs(running, waitAtMostMs);
            if (!answer) return null;
            sharedQueries.inc();
            return { body: answer.body, http: { status: answer.status, headers: new HeaderMap() } };
          }
          executing.set(key, new Promise((resolve) => (finish = resolve)));
          return null;
        },
        async willSendResponse({ response }) {
          if (!finish || key === undefined) return;
          executing.delete(key);
          // A streamed (incremental) answer is its own client's alone: the others execute again.
          finish(
            response.body.kind === 'single'
              ? { body: response.body, status: response.http.status }
              : undefined,
          );
        },
      };
    },
  };
}

/**
 * What `answer` resolves to, or undefined after `ms`: a query waiting on another executes on
 * its own rather than wait past the time a subgraph call may take.
 */
async function withinMs<T>(answer: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms).unref();
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
