import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireAccount } from '../../../platform/auth';
import type { AccountsContext } from '../context';
import { AccountNode, MfaEnrollmentType } from './types';

/** Enrolling in TOTP multi-factor authentication. */
@Resolver()
export class MfaResolver {
  @Mutation(() => MfaEnrollmentType, {
    description:
      'Starts TOTP (RFC 6238) enrolment: a new secret to add to an authenticator app, then confirmMfa.',
  })
  async enableMfa(@Ctx() ctx: AccountsContext): Promise<MfaEnrollmentType> {
    const accountId = requireAccount(ctx.viewer);
    return ctx.services.mfa.enable(accountId);
  }

  @Mutation(() => AccountNode, {
    description: 'Turns MFA on with a current code from the authenticator app.',
  })
  async confirmMfa(
    @Arg('code', () => String, { description: 'The six-digit code the authenticator app shows now.' })
    code: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountNode> {
    const accountId = requireAccount(ctx.viewer);
    return AccountNode.from(await ctx.services.mfa.confirm(accountId, code));
  }
}
