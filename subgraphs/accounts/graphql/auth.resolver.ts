import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireAccount } from '../../../platform/auth';
import { Unauthenticated } from '../../../platform/errors';
import type { AccountsContext } from '../context';
import { ChangePasswordInput, SignInInput, SignUpInput } from './inputs';
import { AccountNode, AuthPayload } from './types';

/** Signing up, in and out, and changing the password. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates a customer account and signs it in.' })
  async signUp(
    @Arg('input', () => SignUpInput, { description: 'Email, password and display name.' }) input: SignUpInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuthPayload> {
    const session = await ctx.services.identity.signUp(input);
    return { token: session.token, account: AccountNode.from(session.account) };
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in. Wrong credentials are UNAUTHENTICATED; repeated failures are RATE_LIMITED for a while.',
  })
  async signIn(
    @Arg('input', () => SignInInput, { description: 'Email and password.' }) input: SignInInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuthPayload> {
    const session = await ctx.services.identity.signIn(input, ctx.clientAddress);
    return { token: session.token, account: AccountNode.from(session.account) };
  }

  @Mutation(() => Boolean, {
    description: 'Revokes the token this request was sent with; other sessions stay signed in.',
  })
  async signOut(@Ctx() ctx: AccountsContext): Promise<boolean> {
    const accountId = requireAccount(ctx.viewer);
    if (!ctx.token) throw new Unauthenticated();
    await ctx.services.sessions.signOut(accountId, ctx.token);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Revokes every token of your account issued until now, this one included.',
  })
  async signOutEverywhere(@Ctx() ctx: AccountsContext): Promise<boolean> {
    const accountId = requireAccount(ctx.viewer);
    await ctx.services.sessions.signOutEverywhere(accountId);
    return true;
  }

  @Mutation(() => AuthPayload, {
    description:
      'Changes your password: checks the current one, revokes every earlier token and returns a fresh one.',
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' })
    input: ChangePasswordInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuthPayload> {
    const accountId = requireAccount(ctx.viewer);
    const session = await ctx.services.sessions.changePassword(accountId, input);
    return { token: session.token, account: AccountNode.from(session.account) };
  }
}
