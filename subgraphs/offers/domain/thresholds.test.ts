import { thresholdsReached } from './thresholds';

describe('budget thresholds', () => {
  it('reaches 80 at exactly 80 % and 100 at the limit, never before', () => {
    expect(thresholdsReached(7_999n, 10_000n)).toEqual([]);
    expect(thresholdsReached(8_000n, 10_000n)).toEqual([80]);
    expect(thresholdsReached(9_999n, 10_000n)).toEqual([80]);
    expect(thresholdsReached(10_000n, 10_000n)).toEqual([80, 100]);
    expect(thresholdsReached(25_000n, 10_000n)).toEqual([80, 100]);
  });
});
