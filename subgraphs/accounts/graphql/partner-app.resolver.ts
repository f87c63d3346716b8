import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireAccount } from '../../../platform/auth';
import type { AccountsContext } from '../context';
import { GrantPartnerAccessArgs, PartnerTokenArgs, RegisterPartnerAppInput } from './inputs';
import { PartnerAppNode, PartnerCredentials } from './types';

/** Partner apps: registration, tokens and the account holder's consent. */
@Resolver(() => PartnerAppNode)
export class PartnerAppResolver {
  @Mutation(() => PartnerCredentials, {
    description:
      'Registers a partner app owned by the caller; the client secret is shown only in this answer.',
  })
  async registerPartnerApp(
    @Arg('input', () => RegisterPartnerAppInput, { description: "The app's name and scopes." })
    input: RegisterPartnerAppInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<PartnerCredentials> {
    const accountId = requireAccount(ctx.viewer);
    const registration = await ctx.services.partners.register(accountId, input);
    return {
      app: PartnerAppNode.from(registration.app),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
    };
  }

  @Mutation(() => String, {
    description: "Exchanges an app's client credentials for a JWT carrying its scopes.",
  })
  async partnerToken(
    @Args(() => PartnerTokenArgs) { clientId, clientSecret }: PartnerTokenArgs,
    @Ctx() ctx: AccountsContext,
  ): Promise<string> {
    return ctx.services.partners.issueToken(clientId, clientSecret);
  }

  @Mutation(() => PartnerAppNode, {
    description: 'Grants a partner app some of its scopes on your account (replacing an earlier grant).',
  })
  async grantPartnerAccess(
    @Args(() => GrantPartnerAccessArgs) { partnerAppId, scopes }: GrantPartnerAccessArgs,
    @Ctx() ctx: AccountsContext,
  ): Promise<PartnerAppNode> {
    const accountId = requireAccount(ctx.viewer);
    return PartnerAppNode.from(await ctx.services.partners.grant(accountId, partnerAppId, scopes));
  }

  @Mutation(() => Boolean, {
    description: 'Withdraws your consent from a partner app; false when there was none.',
  })
  async revokePartnerAccess(
    @Arg('partnerAppId', () => ID, { description: 'The app to revoke.' }) partnerAppId: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<boolean> {
    const accountId = requireAccount(ctx.viewer);
    return ctx.services.partners.revoke(accountId, partnerAppId);
  }
}
