import type { Bus } from '../../../platform/bus';
import type { Logger } from '../../../platform/logger';
import { RiskCommands } from '../../risk/contract';

/**
 * A PLACEHOLDER for the risk subgraph, which does not exist yet: it answers `risk.assess` with
 * APPROVE (score 0, no reasons) for every payment. It assesses nothing. It is registered only
 * while no real risk service answers the command, and goes away when risk lands.
 */
export function registerApproveAllRisk(bus: Bus, logger: Logger): (() => void) | undefined {
  try {
    const unregister = bus.handle(RiskCommands.assess, async () => ({
      decision: 'APPROVE' as const,
      score: 0,
      reasons: [],
    }));
    logger.warn('risk.assess answered by the approve-all placeholder: payments are not risk-assessed');
    return unregister;
  } catch {
    // Another service already answers risk.assess: the real decision wins.
    return undefined;
  }
}
