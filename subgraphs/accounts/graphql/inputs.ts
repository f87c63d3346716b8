import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { FundingSourceKind } from './enums';

@InputType({ description: 'A new customer account.' })
export class SignUpInput {
  @Field(() => String, { description: 'The sign-in email; stored lower-case and must be unused.' })
  email!: string;

  @Field(() => String, {
    description:
      'At least 10 characters, mixing two kinds (letters, digits, symbols), and not a common password.',
  })
  password!: string;

  @Field(() => String, { description: 'The name to show, 1 to 100 characters.' })
  displayName!: string;
}

@InputType({ description: 'Credentials to sign in with.' })
export class SignInInput {
  @Field(() => String, { description: 'The sign-in email (any case).' })
  email!: string;

  @Field(() => String, { description: 'The password.' })
  password!: string;
}

@InputType({ description: 'A new password, given with the current one.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password in use now.' })
  currentPassword!: string;

  @Field(() => String, {
    description:
      'At least 10 characters, mixing two kinds (letters, digits, symbols), and not a common password.',
  })
  newPassword!: string;
}

@InputType({ description: 'A bank account to link, by IBAN.' })
export class LinkBankAccountInput {
  @Field(() => String, {
    description: 'The IBAN, with or without spaces; checked (mod-97) and kept only masked.',
  })
  iban!: string;

  @Field(() => String, { description: "The account holder's name." })
  holderName!: string;
}

@InputType({
  description: 'A card to link. The number and CVC are checked, then forgotten: only a token is kept.',
})
export class LinkCardInput {
  @Field(() => String, { description: 'The card number; spaces and dashes are ignored.' })
  number!: string;

  @Field(() => Int, { description: 'The expiry month, 1 to 12.' })
  expMonth!: number;

  @Field(() => Int, { description: 'The expiry year, four digits (two are read as 20xx).' })
  expYear!: number;

  @Field(() => String, { description: 'The 3 or 4 digit security code; checked, never stored.' })
  cvc!: string;

  @Field(() => String, { description: 'The name on the card.' })
  holderName!: string;

  @Field(() => FundingSourceKind, { nullable: true, description: 'DEBIT_CARD (the default) or CREDIT_CARD.' })
  kind?: FundingSourceKind | null;
}

@InputType({ description: 'A partner app to register, owned by the caller.' })
export class RegisterPartnerAppInput {
  @Field(() => String, { description: 'The name users see when granting access, 1 to 100 characters.' })
  name!: string;

  @Field(() => [String], {
    description: 'The scopes it may be granted: accounts:read, payments:read, events:subscribe.',
  })
  scopes!: string[];
}

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
