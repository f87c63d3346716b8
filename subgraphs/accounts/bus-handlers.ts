import type { Bus } from '../../platform/bus';
import type { Database } from '../../platform/database';
import { accountsServices } from './context';
import { AccountCommands } from './contract';
import type { AccountsEnv } from './domain/env';
import { AccountsStores } from './store/stores';

/**
 * Answers the commands accounts offers on the bus (contract.ts); the bus has parsed each
 * request already. Each runs in its own unit of work. Returns a function that stops answering.
 */
export function registerCommandHandlers(bus: Bus, database: Database, env: AccountsEnv): () => void {
  const services = () => accountsServices(new AccountsStores(database.unit(), database.dialect), env);
  // A standing is read by a prepared statement and loads no entity, so the one command asked on
  // every payment needs no unit of work of its own: one serves them all.
  const standings = services().accounts;
  const stops = [
    bus.handle(AccountCommands.getAccount, ({ accountId }) => standings.standing(accountId)),
    bus.handle(AccountCommands.verifyTotp, async ({ accountId, code }) => ({
      valid: await services().mfa.verify(accountId, code),
    })),
    bus.handle(AccountCommands.partnerAccess, async ({ partnerAppId, accountId }) => ({
      scopes: await services().partners.access(partnerAppId, accountId),
    })),
    bus.handle(AccountCommands.getFundingSource, async ({ fundingSourceId, accountId }) => {
      const source = await services().fundingSources.ownedBy(accountId, fundingSourceId);
      return {
        fundingSourceId: source.id,
        accountId: source.accountId,
        kind: source.kind,
        status: source.status,
        last4: source.last4,
        brand: source.brand ?? null,
        token: source.token,
      };
    }),
    bus.handle(AccountCommands.revocations, async () => ({
      revocations: await services().sessions.inForce(),
    })),
    bus.handle(AccountCommands.freezeAccount, async ({ accountId, reason }) => {
      const account = await services().accounts.freeze(accountId, reason);
      return { accountId: account.id, status: account.status };
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
