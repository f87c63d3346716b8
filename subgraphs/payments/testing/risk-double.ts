import type { Bus } from '../../../platform/bus';
import { RiskCommands } from '../../risk/contract';

/**
 * A test double of the risk subgraph for payments' own domain tests, which exercise the saga
 * and not risk's rules: it answers `risk.assess` with APPROVE, score 0, for every payment. Only
 * the test harness registers it; the graph always runs the real risk subgraph.
 */
export function registerApprovingRiskDouble(bus: Bus): () => void {
  return bus.handle(RiskCommands.assess, async () => ({
    decision: 'APPROVE' as const,
    score: 0,
    reasons: [],
    ruleSetVersion: 'test-double',
  }));
}
