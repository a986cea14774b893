import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { KeyRecord } from '../core/key-record.js';
import { Organization } from '../organizations/organization.type.js';
import { ApiKey } from './api-key.type.js';
import type { KeysContext } from './key.resolver.js';

/** One query for the keys of every organization an operation lists. */
const keysByOrg = (services: KeysContext['services']) =>
  new DataLoader<string, KeyRecord[]>(async (orgIds) => {
    const byOrg = await services.keys.listForOrgs(orgIds);
    return orgIds.map((id) => byOrg.get(id) ?? []);
  });

/** Organization.apiKeys: the keys feature's field on the organizations feature's type. */
@Resolver(() => Organization)
export class OrganizationKeysResolver {
  /** The organization was authorized when it was resolved; its keys come batched, per operation. */
  @FieldResolver(() => [ApiKey])
  async apiKeys(
    @Root() org: Organization,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
    @Ctx() ctx: KeysContext,
  ): Promise<ApiKey[]> {
    const keys = await ctx.loaders.get(keysByOrg).load(org.id);
    const now = ctx.services.clock.now();
    return keys.filter((k) => includeRevoked === true || !k.revokedAt).map((k) => ApiKey.from(k, now));
  }
}
