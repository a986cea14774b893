import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { OrgView } from './organization.service.js';

export enum OrgRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
registerEnumType(OrgRole, { name: 'OrgRole', description: 'OWNER and ADMIN mint and revoke keys; MEMBER reads.' });

@ObjectType()
export class Organization {
  @Field(() => ID, { description: 'Public id (org_…).' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrgRole, { description: "The caller's role in it (MEMBER for an API key, which can only read)." })
  role!: OrgRole;

  @Field(() => Date)
  createdAt!: Date;

  static from(org: OrgView): Organization {
    return Object.assign(new Organization(), org, { role: org.role as OrgRole });
  }
}
