import { ArgsType, Field, InputType, Int } from 'type-graphql';

/** What a customer sends to open a wallet. */
@InputType('OpenWalletInput', { description: 'The wallet to open.' })
export class OpenWalletInput {
  @Field(() => String, {
    description: 'The ISO 4217 currency of the new wallet: EUR, USD, GBP, CHF, CNY, JPY, KWD or SEK.',
  })
  currency!: string;
}

/** A page of a wallet's statement. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'How many entries to return (at most 100; 20 by default).',
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the entry after which to start.' })
  after?: string | null;
}
