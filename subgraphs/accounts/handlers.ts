import { z } from 'zod';
import type { Bus } from '../../platform/bus';
import type { Database } from '../../platform/database';
import { BadInput } from '../../platform/errors';
import { accountsServices } from './context';
import { accountStanding } from './domain/accounts.service';
import type { AccountsEnv } from './domain/env';
import { AccountsCommands } from './events';

const accountRequest = z.object({ accountId: z.string() });
const verifyTotpRequest = z.object({ accountId: z.string(), code: z.string() });
const partnerAccessRequest = z.object({ partnerAppId: z.string(), accountId: z.string() });
const fundingSourceRequest = z.object({ fundingSourceId: z.string(), accountId: z.string() });
const freezeRequest = z.object({ accountId: z.string(), reason: z.string() });

function parse<T>(schema: z.ZodType<T>, payload: unknown, subject: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new BadInput(`Malformed ${subject} request: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Answers the commands accounts offers on the bus (see events.ts). Each request runs in its own
 * unit of work. Returns a function that stops answering.
 */
export function registerCommandHandlers(bus: Bus, database: Database, env: AccountsEnv): () => void {
  const services = () => accountsServices(database.fork(), env);
  const stops = [
    bus.handle(AccountsCommands.getAccount, async (payload) => {
      const { accountId } = parse(accountRequest, payload, AccountsCommands.getAccount.subject);
      return accountStanding(database.orm.em, database.dialect, accountId);
    }),
    bus.handle(AccountsCommands.verifyTotp, async (payload) => {
      const { accountId, code } = parse(verifyTotpRequest, payload, AccountsCommands.verifyTotp.subject);
      return { valid: await services().mfa.verify(accountId, code) };
    }),
    bus.handle(AccountsCommands.partnerAccess, async (payload) => {
      const { partnerAppId, accountId } = parse(
        partnerAccessRequest,
        payload,
        AccountsCommands.partnerAccess.subject,
      );
      return { scopes: await services().partners.access(partnerAppId, accountId) };
    }),
    bus.handle(AccountsCommands.getFundingSource, async (payload) => {
      const request = parse(fundingSourceRequest, payload, AccountsCommands.getFundingSource.subject);
      const source = await services().fundingSources.ownedBy(request.accountId, request.fundingSourceId);
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
    bus.handle(AccountsCommands.freezeAccount, async (payload) => {
      const { accountId, reason } = parse(freezeRequest, payload, AccountsCommands.freezeAccount.subject);
      const account = await services().accounts.freeze(accountId, reason);
      return { accountId: account.id, status: account.status };
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
