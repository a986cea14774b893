import { Arg, Ctx, ID, Mutation, Query, Resolver, UseMiddleware } from 'type-graphql';
import { unwrap } from '../core/errors.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { RateLimited } from '../graphql/rate-limit.js';
import { ApiKey } from './api-key.type.js';
import { MintKeyInput, MintKeyPayload } from './mint-key.input.js';

@Resolver()
export class KeyResolver {
  @Query(() => [ApiKey], { description: "An organization's keys: for its members, or an API key of that org." })
  @UseMiddleware(RateLimited('query'))
  async apiKeys(
    @Arg('orgId', () => ID) orgId: string,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ApiKey[]> {
    const keys = unwrap(await ctx.services.keys.list(ctx.principal, orgId, includeRevoked === true));
    return keys.map((k) => ApiKey.from(k, ctx.services.clock.now()));
  }

  @Query(() => ApiKey, { nullable: true, description: 'With an API key: the key that made the call. Null for a Firebase user.' })
  @UseMiddleware(RateLimited('query'))
  async currentKey(@Ctx() ctx: GraphQLContext): Promise<ApiKey | null> {
    const key = unwrap(await ctx.services.keys.current(ctx.principal));
    return key && ApiKey.from(key, ctx.services.clock.now());
  }

  @Mutation(() => MintKeyPayload, { description: 'Firebase only; OWNER or ADMIN. The secret in the payload is shown once.' })
  @UseMiddleware(RateLimited('mintKey'))
  async mintKey(@Arg('input', () => MintKeyInput) input: MintKeyInput, @Ctx() ctx: GraphQLContext): Promise<MintKeyPayload> {
    const minted = unwrap(await ctx.services.keys.mint(ctx.principal, input));
    return Object.assign(new MintKeyPayload(), { secret: minted.secret, apiKey: ApiKey.from(minted.key, ctx.services.clock.now()) });
  }

  @Mutation(() => ApiKey, { description: 'Firebase only; OWNER or ADMIN; idempotent. Takes effect at once.' })
  @UseMiddleware(RateLimited('revokeKey'))
  async revokeKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKey> {
    const key = unwrap(await ctx.services.keys.revoke(ctx.principal, id));
    return ApiKey.from(key, ctx.services.clock.now());
  }
}
