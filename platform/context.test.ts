import type { EntityManager } from '@mikro-orm/core';
import type { RevocationList, Tokens } from './auth';
import { requestContext } from './context';
import { createLogger } from './logger';
import type { ServiceDeps } from './subgraph';

/** What Apollo Server does to a context for each operation: a copy of its own properties. */
const copyAsApolloDoes = <T extends object>(context: T): T =>
  Object.assign(Object.create(Object.getPrototypeOf(context) as object) as T, context);

function deps() {
  const logger = createLogger('silent');
  const child = jest.spyOn(logger, 'child');
  const serviceDeps = { logger, tokens: {} as Tokens, revocations: {} as RevocationList } as ServiceDeps;
  return { serviceDeps, child };
}

it("a request's logger and unit of work are made on first use, once, also through Apollo's copy", async () => {
  const { serviceDeps, child } = deps();
  const em = {} as EntityManager;
  const fork = jest.fn(() => em);
  const context = await requestContext({ requestId: 'r-1', headers: {} }, serviceDeps, fork);
  const copy = copyAsApolloDoes(Object.assign(context, { loaders: 'own part' }));
  expect(child).not.toHaveBeenCalled();
  expect(fork).not.toHaveBeenCalled();
  expect(copy).toMatchObject({ requestId: 'r-1', viewer: { kind: 'anonymous' }, loaders: 'own part' });

  expect(copy.em).toBe(em);
  expect(copy.logger).toBe(context.logger);
  expect(context.em).toBe(em);
  expect(fork).toHaveBeenCalledTimes(1);
  expect(child).toHaveBeenCalledTimes(1);
  expect(child).toHaveBeenCalledWith({ requestId: 'r-1' });
});
