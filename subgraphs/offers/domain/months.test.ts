import { ErrorCode } from '../../../platform/errors';
import { monthOf, parseMonth } from './months';

describe('months', () => {
  it('counts an instant in its UTC month, even when it is already the next month elsewhere', () => {
    expect(monthOf(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
  });

  it('defaults to the current month and refuses anything that is not YYYY-MM', () => {
    const now = new Date('2026-03-15T10:00:00Z');
    expect(parseMonth(undefined, now)).toBe('2026-03');
    expect(parseMonth('2025-12', now)).toBe('2025-12');
    for (const bad of ['2026-13', '2026-1', 'November', '2026-11-01', '']) {
      expect(() => parseMonth(bad, now)).toThrow(expect.objectContaining({ code: ErrorCode.BadUserInput }));
    }
  });
});
