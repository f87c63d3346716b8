import DataLoader from 'dataloader';
import type { Bus } from '../../platform/bus';
import { isId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { AccountCommands } from '../accounts/contract';
import { alertsById, alertsOfAccounts, type StoredAlert } from './store/alert-store';
import { assessmentsOf, type StoredAssessment } from './store/assessment-store';
import type { RiskStore } from './store/risk-store';
import type { AlertStatus } from './contract';

/** The DataLoaders of one request: every reference and per-parent list is batched through them. */
export interface RiskLoaders {
  assessmentByPayment: DataLoader<string, StoredAssessment | null>;
  alertById: DataLoader<string, StoredAlert | null>;
  /** Alerts of an account, keyed `accountId` or `accountId:STATUS`. */
  alertsByAccount: DataLoader<string, StoredAlert[]>;
  /** The scopes an account granted a partner app, keyed `partnerAppId:accountId` (asked of accounts). */
  consentScopes: DataLoader<string, readonly string[]>;
}

/** Builds the loaders for one request over the store. */
export function createLoaders(store: RiskStore, bus: Bus, request: { readonly logger: Logger }): RiskLoaders {
  return {
    assessmentByPayment: new DataLoader(async (ids) => {
      const valid = ids.filter(isId);
      const rows = await store.read((sql) => assessmentsOf(sql, valid));
      const byId = new Map(rows.map((row) => [row.paymentId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    alertById: new DataLoader(async (ids) => {
      const valid = ids.filter(isId);
      const rows = await store.read((sql) => alertsById(sql, valid));
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    alertsByAccount: new DataLoader(async (keys) => {
      const parsed = keys.map((key) => {
        const [accountId, status] = key.split(':');
        return { accountId, status: (status as AlertStatus | undefined) ?? null };
      });
      const accountIds = [...new Set(parsed.map((p) => p.accountId).filter(isId))];
      const rows = await store.read((sql) => alertsOfAccounts(sql, accountIds, null));
      return parsed.map(({ accountId, status }) =>
        rows.filter((row) => row.accountId === accountId && (status === null || row.status === status)),
      );
    }),
    consentScopes: new DataLoader((keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [partnerAppId, accountId] = key.split(':');
          try {
            return (await bus.request(AccountCommands.partnerAccess, { partnerAppId, accountId })).scopes;
          } catch (error) {
            // Without an answer from accounts there is no proof of consent: show nothing.
            request.logger.warn({ err: error, partnerAppId }, 'partner consent check failed');
            return [];
          }
        }),
      ),
    ),
  };
}
