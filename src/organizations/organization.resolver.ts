import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { unwrap } from '../core/errors.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { RateLimited } from '../graphql/rate-limit.js';
import { ApiKey } from '../keys/api-key.type.js';
import { Organization } from './organization.type.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => [Organization], { description: "Firebase: the caller's organizations. API key: its own." })
  @UseMiddleware(RateLimited('query'))
  async organizations(@Ctx() ctx: GraphQLContext): Promise<Organization[]> {
    return unwrap(await ctx.services.orgs.listForCaller(ctx.principal)).map(Organization.from);
  }

  @Query(() => Organization, { nullable: true, description: 'For a member, or an API key of that org; NOT_FOUND otherwise.' })
  @UseMiddleware(RateLimited('query'))
  async organization(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Organization> {
    return Organization.from(unwrap(await ctx.services.orgs.visible(ctx.principal, id)));
  }

  /** Batched per request: a list of organizations costs one key query, not one per org. */
  @FieldResolver(() => [ApiKey])
  async apiKeys(
    @Root() org: Organization,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ApiKey[]> {
    const keys = await ctx.loaders.keysByOrg.load(org.id);
    const now = ctx.services.clock.now();
    return keys.filter((k) => includeRevoked === true || !k.revokedAt).map((k) => ApiKey.from(k, now));
  }
}
