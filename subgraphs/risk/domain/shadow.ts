import { requireAnalyst, type Viewer } from '../../../platform/auth';
import { shadowCounts, shadowedAssessments, type StoredAssessment } from '../store/assessment-store';
import type { RiskStore } from '../store/risk-store';
import type { RuleSets } from './assessor';

/** How the candidate rule set compares with the active one on the traffic both have judged. */
export interface ShadowSummary {
  activeVersion: string;
  candidateVersion: string | null;
  evaluated: number;
  changed: number;
}

/**
 * What the candidate (shadow) rule set would have done: how many decisions it judged, how many
 * it would have changed, and which. ANALYSTs only; nothing here affects a decision.
 */
export class ShadowService {
  constructor(
    private readonly store: RiskStore,
    private readonly rules: RuleSets,
  ) {}

  async summary(viewer: Viewer): Promise<ShadowSummary> {
    requireAnalyst(viewer);
    const candidate = this.rules.shadow?.version ?? null;
    const counts = candidate
      ? await this.store.read((sql) => shadowCounts(sql, candidate))
      : { evaluated: 0, changed: 0 };
    return { activeVersion: this.rules.active.version, candidateVersion: candidate, ...counts };
  }

  /** The assessments the candidate judged, newest first: only those it would have decided otherwise when `changedOnly`. */
  changes(
    viewer: Viewer,
    options: { changedOnly: boolean; limit: number; before?: { evaluatedAt: Date; paymentId: string } },
  ): Promise<StoredAssessment[]> {
    requireAnalyst(viewer);
    const candidate = this.rules.shadow?.version;
    if (!candidate) return Promise.resolve([]);
    return this.store.read((sql) => shadowedAssessments(sql, this.store.dialect, candidate, options));
  }
}
