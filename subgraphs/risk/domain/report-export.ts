import { Money } from '../../../platform/money';
import type { StoredReport } from '../store/report-store';
import type { PaymentFact } from './facts';

/** One payment of a report, as the compliance team reads it. */
export interface ReportedPayment {
  paymentId: string;
  kind: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
}

/** A suspicious activity report with its payments, as it is exported. */
export interface ReportDocument {
  reportId: string;
  accountId: string;
  rule: string;
  description: string;
  openedAt: string;
  updatedAt: string;
  payments: ReportedPayment[];
}

/** The report and the facts risk holds of its payments, in the report's order. */
export function reportDocument(report: StoredReport, facts: readonly PaymentFact[]): ReportDocument {
  const byId = new Map(facts.map((fact) => [fact.paymentId, fact]));
  return {
    reportId: report.id,
    accountId: report.accountId,
    rule: report.rule,
    description: report.description,
    openedAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
    payments: report.paymentIds.flatMap((paymentId) => {
      const fact = byId.get(paymentId);
      if (!fact) return [];
      return [
        {
          paymentId,
          kind: fact.kind,
          amount: Money.ofMinor(fact.amountMinor, fact.currency).toDecimal(),
          currency: fact.currency,
          status: fact.status,
          createdAt: fact.createdAt.toISOString(),
        },
      ];
    }),
  };
}

/** The report as JSON, for systems that file it. */
export function reportJson(document: ReportDocument): string {
  return JSON.stringify(document, null, 2);
}

export const CSV_COLUMNS = [
  'report_id',
  'account_id',
  'rule',
  'opened_at',
  'payment_id',
  'kind',
  'amount',
  'currency',
  'status',
  'created_at',
] as const;

/** A CSV field quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The report as CSV (RFC 4180): a header, then one line per payment. */
export function reportCsv(document: ReportDocument): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of document.payments) {
    lines.push(
      [
        document.reportId,
        document.accountId,
        document.rule,
        document.openedAt,
        p.paymentId,
        p.kind,
        p.amount,
        p.currency,
        p.status,
        p.createdAt,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
