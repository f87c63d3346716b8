import { raw, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import { OfferActivation } from './activation.entity';
import { Offer } from './offer.entity';

/** Owns the catalogue and the activations: one activation per offer and account, counted once. */
export class CatalogueStore {
  constructor(private readonly unit: UnitOfWork) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  offer(id: string): Promise<Offer | null> {
    return this.em.findOne(Offer, { id });
  }

  offers(ids: readonly string[]): Promise<Offer[]> {
    return this.em.find(Offer, { id: { $in: [...ids] } });
  }

  /** Offers that have not ended by `now`, upcoming ones included. */
  current(now: Date): Promise<Offer[]> {
    return this.em.find(Offer, { validUntil: { $gt: now } }, { orderBy: { id: 'asc' } });
  }

  /** Adds the offers that are not there yet, by id; returns how many were added. */
  async seed(offers: readonly Offer[]): Promise<number> {
    const existing = new Set((await this.offers(offers.map((offer) => offer.id))).map((offer) => offer.id));
    const fresh = offers.filter((offer) => !existing.has(offer.id));
    if (!fresh.length) return 0;
    try {
      await this.em.persist(fresh).flush();
    } catch (error) {
      // Another instance seeded at the same moment: its rows are the same offers.
      if (error instanceof UniqueConstraintViolationException) return 0;
      throw error;
    }
    return fresh.length;
  }

  async create(offer: Offer): Promise<Offer> {
    await this.em.persist(offer).flush();
    return offer;
  }

  /** Brings an offer's end forward to `at` (never back), and returns it. */
  async end(offer: Offer, at: Date): Promise<Offer> {
    if (offer.validUntil > at) {
      offer.validUntil = at;
      await this.em.flush();
    }
    return offer;
  }

  /**
   * Activates an offer for an account once: the unique index keeps a second activation out,
   * and the offer's popularity counts the first only.
   */
  async activate(offerId: string, accountId: string, activation: OfferActivation): Promise<boolean> {
    const existing = await this.em.findOne(OfferActivation, { offerId, accountId });
    if (existing) return false;
    try {
      await this.em.transactional(async (tx) => {
        tx.persist(activation);
        await tx.flush();
        await tx.nativeUpdate(Offer, { id: offerId }, { activations: raw('activations + 1') });
      });
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  /** The offer ids each account activated. */
  async activatedBy(accountIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.em.find(OfferActivation, { accountId: { $in: [...accountIds] } });
    const byAccount = new Map<string, Set<string>>(accountIds.map((id) => [id, new Set()]));
    for (const row of rows) byAccount.get(row.accountId)?.add(row.offerId);
    return byAccount;
  }
}
