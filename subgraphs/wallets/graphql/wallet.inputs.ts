import { Field, InputType } from 'type-graphql';

/** What a customer sends to open a wallet. */
@InputType('OpenWalletInput', { description: 'The wallet to open.' })
export class OpenWalletInput {
  @Field(() => String, {
    description: 'The ISO 4217 currency of the new wallet: EUR, USD, GBP, CHF, CNY, JPY, KWD or SEK.',
  })
  currency!: string;
}
