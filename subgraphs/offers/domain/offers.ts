import { requireAccount, requireAnalyst, type Viewer } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { BadInput, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { Money, parseCurrency } from '../../../platform/money';
import { OfferActivation } from '../store/activation.entity';
import { Offer } from '../store/offer.entity';
import type { OffersStores } from '../store/stores';
import { parseCashbackRate } from './cashback';
import { SEEDED_OFFERS } from './catalogue';
import { parseCategory } from './categories';
import { DEFAULT_OFFERS_SHOWN, rankOffers, spendShares } from './ranking';

/** How far back an account's spending decides which offers it sees first. */
export const RANKING_WINDOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The most offers one request may ask for. */
const MAX_OFFERS_SHOWN = 100;

/** What an analyst sends to create an offer. */
export interface CreateOfferRequest {
  title: string;
  description: string;
  category: string;
  currency: string;
  cashbackRate: string;
  minSpend?: { amount: string; currency: string } | null;
  maxCashback?: { amount: string; currency: string } | null;
  maxTotalCashback?: { amount: string; currency: string } | null;
  validFrom: Date;
  validUntil: Date;
}

/** The catalogue: seeded at start, extended and ended by analysts, activated and ranked for customers. */
export class OffersCatalogue {
  constructor(private readonly deps: { clock: Clock; newId: () => string }) {}

  /** Adds the seeded offers that are not there yet, their windows opening now. */
  async seed(stores: OffersStores): Promise<number> {
    const now = this.deps.clock();
    const minor = (amount: string | undefined, currency: string) =>
      amount === undefined ? null : Money.parse(amount, currency).minor;
    return stores.catalogue.seed(
      SEEDED_OFFERS.map((seed) =>
        Object.assign(new Offer(), {
          id: seed.id,
          title: seed.title,
          description: seed.description,
          category: seed.category,
          currency: seed.currency,
          cashbackRate: seed.cashbackRate,
          minSpendMinor: minor(seed.minSpend, seed.currency),
          maxCashbackMinor: minor(seed.maxCashback, seed.currency),
          maxTotalCashbackMinor: minor(seed.maxTotalCashback, seed.currency),
          validFrom: now,
          validUntil: new Date(now.getTime() + seed.days * DAY_MS),
          activations: 0,
          seeded: true,
          createdAt: now,
        }),
      ),
    );
  }

  /** An offer by id, whoever asks (the catalogue is public to signed-in callers); null when unknown. */
  async offer(id: string, stores: OffersStores): Promise<Offer | null> {
    return isId(id) ? stores.catalogue.offer(id) : null;
  }

  /** Creates an offer (ANALYST only); its amounts are in its currency and its window ends in the future. */
  async create(viewer: Viewer, request: CreateOfferRequest, stores: OffersStores): Promise<Offer> {
    requireAnalyst(viewer);
    const title = text(request.title, 'input.title', 120);
    const description = text(request.description, 'input.description', 1_000);
    const category = parseCategory(request.category, 'input.category');
    const currency = parseCurrency(request.currency, 'input.currency');
    const cashbackRate = parseCashbackRate(request.cashbackRate, 'input.cashbackRate');
    const amount = (money: CreateOfferRequest['minSpend'], field: string) => {
      if (money == null) return null;
      if (money.currency !== currency)
        throw new BadInput(`Amounts of an offer are in ${currency}`, `${field}.currency`);
      return Money.parsePositive(money.amount, money.currency, `${field}.amount`).minor;
    };
    const now = this.deps.clock();
    if (!(request.validUntil > request.validFrom)) {
      throw new BadInput('validUntil must be after validFrom', 'input.validUntil');
    }
    if (!(request.validUntil > now))
      throw new BadInput('validUntil must be in the future', 'input.validUntil');
    return stores.catalogue.create(
      Object.assign(new Offer(), {
        id: this.deps.newId(),
        title,
        description,
        category,
        currency,
        cashbackRate,
        minSpendMinor: amount(request.minSpend, 'input.minSpend'),
        maxCashbackMinor: amount(request.maxCashback, 'input.maxCashback'),
        maxTotalCashbackMinor: amount(request.maxTotalCashback, 'input.maxTotalCashback'),
        validFrom: request.validFrom,
        validUntil: request.validUntil,
        activations: 0,
        seeded: false,
        createdAt: now,
      }),
    );
  }

  /** Ends an offer now (ANALYST only): it earns nothing from now on and no longer shows. */
  async end(viewer: Viewer, offerId: string, stores: OffersStores): Promise<Offer> {
    requireAnalyst(viewer);
    const offer = await this.offer(offerId, stores);
    if (!offer) throw new NotFound('Offer', offerId);
    return stores.catalogue.end(offer, this.deps.clock());
  }

  /**
   * Activates an offer for the caller; activating it again changes nothing. An offer that has
   * ended is BAD_USER_INPUT; an upcoming one may be activated ahead of its window.
   */
  async activate(viewer: Viewer, offerId: string, stores: OffersStores): Promise<Offer> {
    const accountId = requireAccount(viewer);
    const offer = await this.offer(offerId, stores);
    if (!offer) throw new NotFound('Offer', offerId);
    const now = this.deps.clock();
    if (offer.validUntil <= now) throw new BadInput('This offer has ended', 'offerId');
    const activation = Object.assign(new OfferActivation(), {
      id: this.deps.newId(),
      offerId,
      accountId,
      activatedAt: now,
      cashbackEarnedMinor: 0n,
    });
    await stores.catalogue.activate(offerId, accountId, activation);
    return offer;
  }

  /**
   * The offers an account sees, ranked by its share of spending per category over the last 90
   * days: the first `first` and every one it activated; ended offers never.
   */
  async forAccount(
    accountId: string,
    first: number | null | undefined,
    stores: OffersStores,
  ): Promise<Offer[]> {
    const limit = first == null ? DEFAULT_OFFERS_SHOWN : first;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_OFFERS_SHOWN) {
      throw new BadInput(`first is between 0 and ${MAX_OFFERS_SHOWN}`, 'first');
    }
    const now = this.deps.clock();
    const since = new Date(now.getTime() - RANKING_WINDOW_DAYS * DAY_MS);
    const offers = await stores.catalogue.current(now);
    const totals = await stores.spending.totalsSince([accountId], since);
    const activated = await stores.catalogue.activatedBy([accountId]);
    return rankOffers(offers, spendShares(totals.get(accountId)!), activated.get(accountId)!, limit);
  }
}

function text(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadInput('This cannot be empty', field);
  if (trimmed.length > max) throw new BadInput(`At most ${max} characters`, field);
  return trimmed;
}
