import { testDatabase } from '../../../test/support/database';
import type { Database } from '../../../platform/database';
import { createLogger } from '../../../platform/logger';
import { newId } from '../../../platform/ids';
import { openPaymentsDatabase } from '../database';
import { Payment } from './payment.entity';
import { paymentsByIds, walletPaymentPage } from './payment-page';

/** A payment with a value in every kind of column: text, bigint beyond 2^53, integer, boolean, dates, nulls. */
function payment(fields: Partial<Payment> = {}): Payment {
  const at = new Date('2026-11-20T10:00:00.123Z');
  return Object.assign(new Payment(), {
    id: newId(),
    kind: 'TRANSFER',
    status: 'COMPLETED',
    accountId: newId(),
    destinationAccountId: newId(),
    sourceWalletId: newId(),
    destinationWalletId: newId(),
    fundingSourceId: null,
    amountMinor: 9_007_199_254_740_993n,
    currency: 'EUR',
    creditedAmountMinor: null,
    creditedCurrency: null,
    fxRate: null,
    merchantName: null,
    category: null,
    note: 'rent',
    relatedPaymentId: null,
    idempotencyKey: newId(),
    requestFingerprint: 'f'.repeat(64),
    riskDecision: 'APPROVE',
    riskScore: 12,
    riskUnavailable: true,
    verificationAttempts: 2,
    declineReason: null,
    createdAt: at,
    updatedAt: at,
    completedAt: new Date(at.getTime() + 5),
    claimedBy: null,
    claimExpiresAt: null,
    expiresAt: null,
    ...fields,
  });
}

describe('payments read by prepared statements', () => {
  const place = testDatabase('payment-page');
  let db: Database;

  beforeAll(async () => {
    db = await openPaymentsDatabase(place.config(), createLogger('silent'));
  });
  afterAll(async () => {
    await db.close();
    await place.drop();
  });

  it('reads a row exactly as the ORM does, every column type included', async () => {
    const written = payment();
    await db.fork().persist(written).flush();
    const [read] = await paymentsByIds(db.orm.em, db.dialect, [written.id]);
    const loaded = await db.fork().findOneOrFail(Payment, { id: written.id });
    expect(read).toEqual({ ...loaded });
    expect(read.amountMinor).toBe(9_007_199_254_740_993n);
    expect(read.createdAt).toEqual(written.createdAt);
    expect(read.riskUnavailable).toBe(true);
    expect(read.fundingSourceId).toBeNull();
  });

  it("pages a wallet's payments as payer and payee, newest first, after a cursor", async () => {
    const wallet = newId();
    const base = Date.parse('2026-11-21T08:00:00Z');
    const rows = [0, 1, 2, 3].map((n) =>
      payment({
        createdAt: new Date(base + n * 1000),
        ...(n % 2 ? { destinationWalletId: wallet } : { sourceWalletId: wallet }),
      }),
    );
    const em = db.fork();
    for (const row of rows) em.persist(row);
    await em.flush();
    const ids = (page: Payment[]) => page.map((row) => row.id);
    const first = await walletPaymentPage(db.orm.em, db.dialect, wallet, {}, undefined, 3);
    expect(ids(first)).toEqual([rows[3].id, rows[2].id, rows[1].id]);
    const last = first[2];
    const rest = await walletPaymentPage(db.orm.em, db.dialect, wallet, {}, last, 3);
    expect(ids(rest)).toEqual([rows[0].id]);
    const window = await walletPaymentPage(
      db.orm.em,
      db.dialect,
      wallet,
      { from: rows[1].createdAt, to: rows[3].createdAt },
      undefined,
      10,
    );
    expect(ids(window)).toEqual([rows[2].id, rows[1].id]);
  });
});
