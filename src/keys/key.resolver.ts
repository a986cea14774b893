import { Arg, Ctx, ID, Mutation, Query, Resolver, UseMiddleware } from 'type-graphql';
import type { Clock } from '../core/clock.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { unwrap } from '../graphql/errors.js';
import { RateLimited } from '../graphql/rate-limited.middleware.js';
import { ApiKey } from './api-key.type.js';
import type { KeyService } from './key.service.js';
import { MintKeyInput, MintKeyPayload } from './mint-key.input.js';

export type KeysContext = GraphQLContext<{ readonly keys: KeyService; readonly clock: Clock }>;

@Resolver()
export class KeyResolver {
  @Query(() => [ApiKey], { description: "An organization's keys: for its members, or an API key of that org." })
  @UseMiddleware(RateLimited('query'))
  async apiKeys(
    @Arg('orgId', () => ID) orgId: string,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
    @Ctx() ctx: KeysContext,
  ): Promise<ApiKey[]> {
    const keys = unwrap(await ctx.services.keys.list(ctx.request, orgId, includeRevoked === true));
    return keys.map((k) => ApiKey.from(k, ctx.services.clock.now()));
  }

  @Query(() => ApiKey, { nullable: true, description: 'With an API key: the key that made the call. Null for a Firebase user.' })
  @UseMiddleware(RateLimited('query'))
  async currentKey(@Ctx() ctx: KeysContext): Promise<ApiKey | null> {
    const key = unwrap(await ctx.services.keys.current(ctx.request));
    return key && ApiKey.from(key, ctx.services.clock.now());
  }

  @Mutation(() => MintKeyPayload, { description: 'Firebase only; OWNER or ADMIN. The secret in the payload is shown once.' })
  @UseMiddleware(RateLimited('mintKey'))
  async mintKey(@Arg('input', () => MintKeyInput) input: MintKeyInput, @Ctx() ctx: KeysContext): Promise<MintKeyPayload> {
    const minted = unwrap(await ctx.services.keys.mint(ctx.request, input));
    return Object.assign(new MintKeyPayload(), { secret: minted.secret, apiKey: ApiKey.from(minted.key, ctx.services.clock.now()) });
  }

  @Mutation(() => ApiKey, { description: 'Firebase only; OWNER or ADMIN; idempotent. Takes effect at once.' })
  @UseMiddleware(RateLimited('revokeKey'))
  async revokeKey(@Arg('id', () => ID) id: string, @Ctx() ctx: KeysContext): Promise<ApiKey> {
    const key = unwrap(await ctx.services.keys.revoke(ctx.request, id));
    return ApiKey.from(key, ctx.services.clock.now());
  }
}
