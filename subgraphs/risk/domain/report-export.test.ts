import { reportCsv, reportDocument, reportJson, CSV_COLUMNS } from './report-export';

const report = {
  id: 'r1',
  accountId: 'ada',
  rule: 'STRUCTURING',
  paymentIds: ['p1', 'p2', 'missing'],
  description: '3 payments, each just under "10,000.00"',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  updatedAt: new Date('2026-12-01T11:00:00Z'),
};
const facts = ['p1', 'p2'].map((paymentId, i) => ({
  paymentId,
  accountId: 'ada',
  kind: 'TRANSFER',
  status: 'COMPLETED',
  amountMinor: 950_000n + BigInt(i),
  currency: 'EUR',
  payee: 'account:bob',
  declineReason: null,
  createdAt: new Date(`2026-12-01T1${i}:00:00Z`),
}));

describe('suspicious activity report export', () => {
  it('JSON lists the payments risk knows, with exact amounts', () => {
    const parsed = JSON.parse(reportJson(reportDocument(report, facts)));
    expect(parsed).toMatchObject({ reportId: 'r1', rule: 'STRUCTURING', accountId: 'ada' });
    expect(parsed.payments.map((p: { amount: string }) => p.amount)).toEqual(['9500.00', '9500.01']);
  });

  it('CSV has a header and one line per payment', () => {
    const lines = reportCsv(reportDocument(report, facts)).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((line) => line.split(','))).toEqual([
      [
        'r1',
        'ada',
        'STRUCTURING',
        '2026-12-01T10:00:00.000Z',
        'p1',
        'TRANSFER',
        '9500.00',
        'EUR',
        'COMPLETED',
        '2026-12-01T10:00:00.000Z',
      ],
      [
        'r1',
        'ada',
        'STRUCTURING',
        '2026-12-01T10:00:00.000Z',
        'p2',
        'TRANSFER',
        '9500.01',
        'EUR',
        'COMPLETED',
        '2026-12-01T11:00:00.000Z',
      ],
    ]);
  });
});
