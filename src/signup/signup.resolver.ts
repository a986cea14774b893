import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { Clock } from '../core/clock.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { unwrap } from '../graphql/errors.js';
import { RateLimited } from '../graphql/rate-limited.middleware.js';
import { ApiKey } from '../keys/api-key.type.js';
import { SignupInput, SignupPayload } from './signup.input.js';
import type { SignupService } from './signup.service.js';

type SignupContext = GraphQLContext<{ readonly signup: SignupService; readonly clock: Clock }>;

@Resolver()
export class SignupResolver {
  @Mutation(() => SignupPayload, {
    description: 'Firebase only. From a signed-in person to an organization, a key (shown once) and the webhook secret.',
  })
  @UseMiddleware(RateLimited('signup'))
  async signup(@Arg('input', () => SignupInput) input: SignupInput, @Ctx() ctx: SignupContext): Promise<SignupPayload> {
    const r = unwrap(await ctx.services.signup.signup(ctx.request, input));
    return Object.assign(new SignupPayload(), {
      orgId: r.orgId,
      secret: r.secret,
      webhookSecret: r.webhookSecret,
      apiKey: ApiKey.from(r.key, ctx.services.clock.now()),
    });
  }
}
