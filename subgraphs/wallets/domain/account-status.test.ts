import { unitOver, type Database } from '../../../platform/database';
import { WalletStore } from '../store/wallet-store';
import { openTestDatabase } from '../testing/wallets';
import { applyAccountStatus, knownAccountStatus } from './account-status';

describe('applyAccountStatus', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('ignores an announcement older than the one already applied (events can arrive out of order)', async () => {
    const accountId = '01900000-0000-7000-8000-000000000001';
    const frozenAt = new Date('2026-11-01T10:00:00Z');
    const unfrozenAt = new Date('2026-11-01T10:05:00Z');
    await db
      .fork()
      .transactional((em) =>
        applyAccountStatus(new WalletStore(unitOver(em), db.dialect), accountId, 'ACTIVE', unfrozenAt),
      );
    const applied = await db
      .fork()
      .transactional((em) =>
        applyAccountStatus(new WalletStore(unitOver(em), db.dialect), accountId, 'FROZEN', frozenAt),
      );
    expect(applied).toBe(false);
    expect(await knownAccountStatus(new WalletStore(db.unit(), db.dialect), accountId)).toBe('ACTIVE');

    const later = await db
      .fork()
      .transactional((em) =>
        applyAccountStatus(
          new WalletStore(unitOver(em), db.dialect),
          accountId,
          'FROZEN',
          new Date('2026-11-01T11:00:00Z'),
        ),
      );
    expect(later).toBe(true);
    expect(await knownAccountStatus(new WalletStore(db.unit(), db.dialect), accountId)).toBe('FROZEN');
  });
});
