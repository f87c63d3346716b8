import type { OffersContext } from '../context';
import { offerForCaller } from './offer.resolver';
import type { OfferType } from './types';

/** Resolves Offer references from other subgraphs through the request's DataLoader; `activated` is the caller's. */
export const offerReference = {
  Offer: {
    async __resolveReference(reference: { id: string }, ctx: OffersContext): Promise<OfferType | null> {
      const offer = await ctx.loaders.offerById.load(reference.id);
      return offer ? offerForCaller(ctx, offer) : null;
    },
  },
};
