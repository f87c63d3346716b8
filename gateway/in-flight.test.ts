import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { sharingInFlight } from './in-flight';

/** A fetcher whose calls are answered when the test says, counting what reached it. */
function controlled() {
  const calls: { body: string; answer(text: string): void }[] = [];
  const fetcher: Fetcher = (_url, init = {}) =>
    new Promise<FetcherResponse>((resolve) =>
      calls.push({
        body: String(init.body),
        answer: (text) => resolve(response(text)),
      }),
    );
  return { calls, fetcher };
}

function response(text: string): FetcherResponse {
  const self: FetcherResponse = {
    ok: true,
    status: 200,
    statusText: '200',
    url: 'http://subgraph/graphql',
    redirected: false,
    bodyUsed: false,
    headers: new Headers(),
    text: async () => text,
    json: async () => JSON.parse(text),
    arrayBuffer: async () => new ArrayBuffer(0),
    clone: () => response(text),
  } as unknown as FetcherResponse;
  return self;
}

const init = (query: string, authorization = 'Bearer a') => ({
  method: 'POST',
  headers: { authorization, 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables: {} }),
});

describe('sharing identical subgraph calls in flight', () => {
  it('sends one call for identical queries of one caller, and each gets the answer', async () => {
    const { calls, fetcher } = controlled();
    const shared = sharingInFlight(fetcher);
    const answers = [1, 2, 3].map(() => shared('http://subgraph/graphql', init('query Q { me { id } }')));
    const shorthand = shared('http://subgraph/graphql', init('{ me { id } }'));
    expect(calls).toHaveLength(2);
    calls[0].answer('{"data":{"me":{"id":"1"}}}');
    calls[1].answer('{"data":{"me":{"id":"1"}}}');
    for (const answer of [...answers, shorthand])
      expect(await (await answer).text()).toBe('{"data":{"me":{"id":"1"}}}');
    // Settled: the next identical query goes out again.
    void shared('http://subgraph/graphql', init('query Q { me { id } }'));
    expect(calls).toHaveLength(3);
  });

  it('never shares between callers, nor a mutation or a subscription event', async () => {
    const { calls, fetcher } = controlled();
    const shared = sharingInFlight(fetcher);
    void shared('http://subgraph/graphql', init('query Q { me { id } }', 'Bearer a'));
    void shared('http://subgraph/graphql', init('query Q { me { id } }', 'Bearer b'));
    void shared('http://subgraph/graphql', init('mutation M { x }'));
    void shared('http://subgraph/graphql', init('mutation M { x }'));
    void shared('http://subgraph/graphql', init('subscription S { y }'));
    void shared('http://subgraph/graphql', init('subscription S { y }'));
    expect(calls).toHaveLength(6);
  });
});
