import { Arg, Ctx, ID, Query, Resolver, UseMiddleware } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.type.js';
import { unwrap } from '../graphql/errors.js';
import { RateLimited } from '../graphql/rate-limited.middleware.js';
import type { OrganizationService } from './organization.service.js';
import { Organization } from './organization.type.js';

type OrgsContext = GraphQLContext<{ readonly orgs: OrganizationService }>;

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => [Organization], { description: "Firebase: the caller's organizations. API key: its own." })
  @UseMiddleware(RateLimited('query'))
  async organizations(@Ctx() ctx: OrgsContext): Promise<Organization[]> {
    return unwrap(await ctx.services.orgs.listForCaller(ctx.request)).map((org) => Organization.from(org));
  }

  @Query(() => Organization, { nullable: true, description: 'For a member, or an API key of that org; NOT_FOUND otherwise.' })
  @UseMiddleware(RateLimited('query'))
  async organization(@Arg('id', () => ID) id: string, @Ctx() ctx: OrgsContext): Promise<Organization> {
    return Organization.from(unwrap(await ctx.services.orgs.visible(ctx.request, id)));
  }
}
