import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { OffersContext } from '../context';
import type { Offer } from '../store/offer.entity';
import { CreateOfferInput } from './inputs';
import { OfferType } from './types';

/** An offer as the caller sees it: `activated` for the signed-in account. */
export async function offerForCaller(ctx: OffersContext, offer: Offer): Promise<OfferType> {
  const accountId = ctx.access.accountId;
  const activated = accountId ? (await ctx.loaders.activatedByAccount.load(accountId)).has(offer.id) : false;
  return OfferType.from(offer, activated);
}

@Resolver(() => OfferType)
export class OfferResolver {
  @Query(() => OfferType, {
    nullable: true,
    description: 'One offer of the catalogue; null when there is none.',
  })
  async offer(
    @Arg('id', () => ID, { description: 'The offer id.' }) id: string,
    @Ctx() ctx: OffersContext,
  ): Promise<OfferType | null> {
    const offer = await ctx.services.catalogue.offer(id, ctx.stores);
    return offer ? offerForCaller(ctx, offer) : null;
  }

  @Mutation(() => OfferType, {
    description:
      'Activates an offer for you: qualifying merchant payments from now on earn its cashback. Activating it again ' +
      'changes nothing; an unknown offer is NOT_FOUND, one that has ended BAD_USER_INPUT.',
  })
  async activateOffer(
    @Arg('offerId', () => ID, { description: 'The offer to activate.' }) offerId: string,
    @Ctx() ctx: OffersContext,
  ): Promise<OfferType> {
    const offer = await ctx.services.catalogue.activate(ctx.viewer, offerId, ctx.stores);
    return OfferType.from(offer, true);
  }

  @Mutation(() => OfferType, { description: 'Adds an offer to the catalogue. ANALYST only.' })
  async createOffer(
    @Arg('input', () => CreateOfferInput, {
      description: 'The offer: category, currency, rate, caps and window.',
    })
    input: CreateOfferInput,
    @Ctx() ctx: OffersContext,
  ): Promise<OfferType> {
    return OfferType.from(await ctx.services.catalogue.create(ctx.viewer, input, ctx.stores), false);
  }

  @Mutation(() => OfferType, {
    description:
      'Ends an offer now: payments from now on earn nothing and customers no longer see it. ANALYST only.',
  })
  async endOffer(
    @Arg('offerId', () => ID, { description: 'The offer to end.' }) offerId: string,
    @Ctx() ctx: OffersContext,
  ): Promise<OfferType> {
    return offerForCaller(ctx, await ctx.services.catalogue.end(ctx.viewer, offerId, ctx.stores));
  }
}
