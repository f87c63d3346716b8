import { isAnalyst } from '../../../platform/auth';
import type { RiskContext } from '../context';
import { FraudAlertType } from './types';

/**
 * Resolves FraudAlert references from other subgraphs (and the gateway's subscriptions) through
 * the request's DataLoader: an analyst sees any alert, an account its own; anyone else, null.
 */
export const fraudAlertReference = {
  FraudAlert: {
    async __resolveReference(reference: { id: string }, ctx: RiskContext): Promise<FraudAlertType | null> {
      const alert = await ctx.loaders.alertById.load(reference.id);
      if (!alert) return null;
      const viewer = ctx.viewer;
      const mine = viewer.kind === 'account' && viewer.accountId === alert.accountId;
      return mine || isAnalyst(viewer) ? FraudAlertType.from(alert) : null;
    },
  },
};
