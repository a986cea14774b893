import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { unwrap } from '../core/errors.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { RateLimited } from '../graphql/rate-limit.js';
import { ApiKey } from '../keys/api-key.type.js';
import { SignupInput, SignupPayload } from './signup.input.js';

@Resolver()
export class SignupResolver {
  @Mutation(() => SignupPayload, {
    description: 'Firebase only. From a signed-in person to an organization, a key (shown once) and the webhook secret.',
  })
  @UseMiddleware(RateLimited('signup'))
  async signup(@Arg('input', () => SignupInput) input: SignupInput, @Ctx() ctx: GraphQLContext): Promise<SignupPayload> {
    const r = unwrap(await ctx.services.signup.signup(ctx.principal, input));
    return Object.assign(new SignupPayload(), {
      orgId: r.orgId,
      secret: r.secret,
      webhookSecret: r.webhookSecret,
      apiKey: ApiKey.from(r.key, ctx.services.clock.now()),
    });
  }
}
