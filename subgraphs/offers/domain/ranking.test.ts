import { rankOffers, spendShares, type CategoryTotal, type RankableOffer } from './ranking';

const offer = (id: string, category: RankableOffer['category'], activations = 0, cashbackRate = '0.02') => ({
  id,
  category,
  activations,
  cashbackRate,
});

describe('ranking offers by what an account spends on', () => {
  it('gives each category its share of the spending in its currency', () => {
    const totals: CategoryTotal[] = [
      { category: 'DINING', currency: 'EUR', amountMinor: 15_000n, count: 5 },
      { category: 'TRAVEL', currency: 'EUR', amountMinor: 5_000n, count: 1 },
    ];
    const shares = spendShares(totals);
    expect(shares.get('DINING')).toBeCloseTo(0.75);
    expect(shares.get('TRAVEL')).toBeCloseTo(0.25);
  });

  it('weighs each currency by its share of the payments, since amounts in two currencies do not add up', () => {
    const shares = spendShares([
      { category: 'DINING', currency: 'EUR', amountMinor: 1_000n, count: 3 },
      { category: 'TRAVEL', currency: 'JPY', amountMinor: 90_000n, count: 1 },
    ]);
    expect(shares.get('DINING')).toBeCloseTo(0.75);
    expect(shares.get('TRAVEL')).toBeCloseTo(0.25);
  });

  it('puts the categories spent on most first, then popularity, then the richer rate', () => {
    const offers = [
      offer('travel', 'TRAVEL', 50),
      offer('dining-low', 'DINING', 1, '0.02'),
      offer('dining-high', 'DINING', 1, '0.05'),
      offer('groceries', 'GROCERIES', 9),
    ];
    const shares = new Map([
      ['DINING', 0.8],
      ['TRAVEL', 0.2],
    ] as const);
    expect(rankOffers(offers, shares, new Set()).map((o) => o.id)).toEqual([
      'dining-high',
      'dining-low',
      'travel',
      'groceries',
    ]);
  });

  it('shows the most popular offers to an account with no spending', () => {
    const offers = [offer('a', 'HEALTH', 1), offer('b', 'DINING', 7), offer('c', 'TRAVEL', 3)];
    expect(rankOffers(offers, new Map(), new Set()).map((o) => o.id)).toEqual(['b', 'c', 'a']);
  });

  it('keeps activated offers visible past the limit', () => {
    const offers = [offer('a', 'DINING', 3), offer('b', 'TRAVEL', 2), offer('c', 'HEALTH', 1)];
    expect(rankOffers(offers, new Map(), new Set(['c']), 1).map((o) => o.id)).toEqual(['a', 'c']);
  });
});
