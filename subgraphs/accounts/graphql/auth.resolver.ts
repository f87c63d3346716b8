import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountsContext } from '../context';
import { SignInInput, SignUpInput } from './inputs';
import { AccountNode, AuthPayload } from './types';

/** Signing up and signing in. */
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
}
