import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Account } from '../store/account.entity';
import type { FundingSource } from '../store/funding-source.entity';
import type { PartnerApp } from '../store/partner-app.entity';
import { AccountStatus, FundingSourceKind, FundingSourceStatus, RoleValue } from './enums';

@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A person who signs in to the wallet: a customer or an analyst.' })
export class AccountNode {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  @Field(() => String, { description: 'The sign-in email, lower-case.' })
  email!: string;

  @Field(() => String, { description: 'The name shown to the holder and to analysts.' })
  displayName!: string;

  @Field(() => AccountStatus, { description: 'Whether the account may move money.' })
  status!: AccountStatus;

  @Field(() => [RoleValue], { description: 'What the account may do.' })
  roles!: RoleValue[];

  @Field(() => Boolean, { description: 'Whether payments that need a step-up ask for a TOTP code.' })
  mfaEnabled!: boolean;

  @Field(() => Date, { description: 'When the account was created.' })
  createdAt!: Date;

  /** The GraphQL view of a stored account: never its password hash or MFA secret. */
  static from(account: Account): AccountNode {
    return Object.assign(new AccountNode(), {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      status: account.status,
      roles: account.roles as RoleValue[],
      mfaEnabled: account.mfaEnabled,
      createdAt: account.createdAt,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('FundingSource', {
  description:
    'A card or bank account that tops up wallets and receives withdrawals. Only masked data is kept.',
})
export class FundingSourceNode {
  @Field(() => ID, { description: 'The funding source id.' })
  id!: string;

  @Field(() => FundingSourceKind, { description: 'A bank account, a debit card or a credit card.' })
  kind!: FundingSourceKind;

  @Field(() => String, { description: 'What to show the holder: "VISA •••• 4242" or "DE89 •••• 3000".' })
  label!: string;

  @Field(() => String, { description: 'The last four digits of the card number or IBAN.' })
  last4!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The card network (VISA, MASTERCARD, UNIONPAY, ...); null for bank accounts.',
  })
  brand?: string | null;

  @Field(() => Int, { nullable: true, description: "A card's expiry month (1-12); null for bank accounts." })
  expMonth?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "A card's expiry year (four digits); null for bank accounts.",
  })
  expYear?: number | null;

  @Field(() => FundingSourceStatus, { description: 'ACTIVE, or REMOVED once unlinked.' })
  status!: FundingSourceStatus;

  @Field(() => Date, { description: 'When it was linked.' })
  createdAt!: Date;

  /** The GraphQL view of a stored source: never its token. */
  static from(source: FundingSource): FundingSourceNode {
    return Object.assign(new FundingSourceNode(), {
      id: source.id,
      kind: source.kind,
      label: source.label,
      last4: source.last4,
      brand: source.brand ?? null,
      expMonth: source.expMonth ?? null,
      expYear: source.expYear ?? null,
      status: source.status,
      createdAt: source.createdAt,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('PartnerApp', {
  description: 'A third-party app that acts on the accounts that granted it access.',
})
export class PartnerAppNode {
  @Field(() => ID, { description: 'The partner app id.' })
  id!: string;

  @Field(() => String, { description: 'The name its users see when granting access.' })
  name!: string;

  @Field(() => [String], {
    description: 'The scopes it may be granted: accounts:read, payments:read, events:subscribe.',
  })
  scopes!: string[];

  static from(app: PartnerApp): PartnerAppNode {
    return Object.assign(new PartnerAppNode(), { id: app.id, name: app.name, scopes: [...app.scopes] });
  }
}

@ObjectType('AuthPayload', { description: 'A signed-in session.' })
export class AuthPayload {
  @Field(() => String, { description: 'A JWT to send as "Authorization: Bearer <token>".' })
  token!: string;

  @Field(() => AccountNode, { description: 'The signed-in account.' })
  account!: AccountNode;
}

@ObjectType('MfaEnrollment', { description: 'A new TOTP secret, shown once; confirm it with confirmMfa.' })
export class MfaEnrollmentType {
  @Field(() => String, { description: 'The base32 secret, for typing into an authenticator app.' })
  secret!: string;

  @Field(() => String, { description: 'The otpauth:// URI to show as a QR code (issuer "Wallet").' })
  otpauthUri!: string;
}

@ObjectType('PartnerCredentials', {
  description: 'A registered app and its credentials; the secret is shown only here.',
})
export class PartnerCredentials {
  @Field(() => PartnerAppNode, { description: 'The app.' })
  app!: PartnerAppNode;

  @Field(() => String, { description: 'The public client id, sent with the secret to partnerToken.' })
  clientId!: string;

  @Field(() => String, { description: 'The client secret. Store it now: it cannot be shown again.' })
  clientSecret!: string;
}
