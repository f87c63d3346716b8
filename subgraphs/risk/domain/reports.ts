import { requireAnalyst, type Viewer } from '../../../platform/auth';
import { factsById } from '../store/history-store';
import { reportPage, type StoredReport } from '../store/report-store';
import type { RiskStore } from '../store/risk-store';
import { reportDocument, type ReportDocument } from './report-export';

/** Suspicious activity reports for the compliance team (AML): ANALYSTs only. */
export class ReportService {
  constructor(private readonly store: RiskStore) {}

  page(
    viewer: Viewer,
    options: { limit: number; before?: { createdAt: Date; id: string } },
  ): Promise<StoredReport[]> {
    requireAnalyst(viewer);
    return this.store.read((sql) => reportPage(sql, this.store.dialect, options));
  }

  /** The report with what risk knows of each of its payments. */
  async document(report: StoredReport): Promise<ReportDocument> {
    const facts = await this.store.read((sql) => factsById(sql, report.paymentIds));
    return reportDocument(report, facts);
  }
}
