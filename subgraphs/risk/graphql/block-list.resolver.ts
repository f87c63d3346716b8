import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RiskContext } from '../context';
import { BlockListKindEnum } from './enums';
import { AddBlockListEntryInput } from './inputs';
import { BlockListEntryType } from './types';

@Resolver(() => BlockListEntryType)
export class BlockListResolver {
  @Query(() => [BlockListEntryType], { description: 'The block lists, newest first. ANALYSTs only.' })
  async blockList(
    @Ctx() ctx: RiskContext,
    @Arg('kind', () => BlockListKindEnum, { nullable: true, description: 'Only entries of this kind.' })
    kind?: BlockListKindEnum | null,
  ): Promise<BlockListEntryType[]> {
    return (await ctx.services.blockLists.list(ctx.viewer, kind ?? null)).map(BlockListEntryType.from);
  }

  @Mutation(() => BlockListEntryType, {
    description:
      'Blocks an account, a merchant or a funding instrument: payments involving it fire LISTED. ANALYSTs only.',
  })
  async addBlockListEntry(
    @Arg('input', () => AddBlockListEntryInput, { description: 'What to block, and why.' })
    input: AddBlockListEntryInput,
    @Ctx() ctx: RiskContext,
  ): Promise<BlockListEntryType> {
    return BlockListEntryType.from(await ctx.services.blockLists.add(ctx.viewer, input));
  }

  @Mutation(() => BlockListEntryType, { description: 'Removes a block-list entry. ANALYSTs only.' })
  async removeBlockListEntry(
    @Arg('id', () => ID, { description: 'The entry.' }) id: string,
    @Ctx() ctx: RiskContext,
  ): Promise<BlockListEntryType> {
    return BlockListEntryType.from(await ctx.services.blockLists.remove(ctx.viewer, id));
  }
}
