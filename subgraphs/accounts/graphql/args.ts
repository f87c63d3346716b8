import { ArgsType, Field, ID } from 'type-graphql';

// Arguments of more than one value are classes so that the schema lists them in this order.

@ArgsType()
export class FreezeAccountArgs {
  @Field(() => ID, { description: 'The account to freeze.' })
  accountId!: string;

  @Field(() => String, { description: 'Why, for the audit trail and the holder.' })
  reason!: string;
}

@ArgsType()
export class PartnerTokenArgs {
  @Field(() => String, { description: "The app's client id." })
  clientId!: string;

  @Field(() => String, { description: "The app's client secret." })
  clientSecret!: string;
}

@ArgsType()
export class GrantPartnerAccessArgs {
  @Field(() => ID, { description: 'The app to grant.' })
  partnerAppId!: string;

  @Field(() => [String], { description: "Scopes to grant: a subset of the app's scopes." })
  scopes!: string[];
}
