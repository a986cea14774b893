import mongoose from 'mongoose';
import type { Principal } from '../core/principal.js';
import type { Models } from '../db/models.js';
import { fail, ok, type Result } from '../core/errors.js';
import { isOrgId } from '../core/ids.js';
import type { OrgRoleValue } from './membership.model.js';
import type { OrganizationDoc } from './organization.model.js';

export interface OrgView {
  readonly id: string;
  readonly name: string;
  /** The caller's role; an API key reads as MEMBER, since keys can only read. */
  readonly role: OrgRoleValue;
  readonly createdAt: Date;
}

export const MANAGERS: readonly OrgRoleValue[] = ['OWNER', 'ADMIN'];

/** Membership and visibility rules: who sees which organization, with which role. */
export class OrganizationService {
  constructor(private readonly deps: { models: Models }) {}

  async listForCaller(p: Principal): Promise<Result<OrgView[]>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (p.kind === 'apiKey') {
      const org = await this.visible(p, p.key.orgId);
      return ok(org.ok ? [org.value] : []);
    }
    const memberships = await this.deps.models.memberships.find({ uid: p.uid }).sort({ createdAt: 1 }).lean().exec();
    if (memberships.length === 0) return ok([]);
    const ids = memberships.map((m) => m.orgId);
    const orgs = await this.deps.models.organizations.find({ _id: mongoose.trusted({ $in: ids }) }).lean().exec();
    const byId = new Map(orgs.map((o) => [o._id, o]));
    // An org whose insert has not landed (signup in flight or failed) is simply not listed.
    return ok(memberships.flatMap((m) => {
      const org = byId.get(m.orgId);
      return org ? [view(org, m.role)] : [];
    }));
  }

  /** The org as the caller may see it; unknown and invisible both answer NOT_FOUND. */
  async visible(p: Principal, orgId: string): Promise<Result<OrgView>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (!isOrgId(orgId)) return fail('NOT_FOUND');
    if (p.kind === 'apiKey' && p.key.orgId !== orgId) return fail('NOT_FOUND');
    const role = p.kind === 'user' ? await this.roleOf(p.uid, orgId) : 'MEMBER';
    if (!role) return fail('NOT_FOUND');
    const org = await this.deps.models.organizations.findById(orgId).lean().exec();
    return org ? ok(view(org, role)) : fail('NOT_FOUND');
  }

  /** For writes: a Firebase user with one of `roles`, else the catalogue's refusal. */
  async requireRole(p: Principal, orgId: string, roles: readonly OrgRoleValue[]): Promise<Result<{ uid: string; role: OrgRoleValue }>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (p.kind === 'apiKey') return fail('FIREBASE_ONLY');
    if (!isOrgId(orgId)) return fail('NOT_FOUND');
    const role = await this.roleOf(p.uid, orgId);
    if (!role || !(await this.deps.models.organizations.exists({ _id: orgId }))) return fail('NOT_FOUND');
    return roles.includes(role) ? ok({ uid: p.uid, role }) : fail('ROLE_TOO_LOW');
  }

  private async roleOf(uid: string, orgId: string): Promise<OrgRoleValue | null> {
    const m = await this.deps.models.memberships.findOne({ uid, orgId }, { role: 1 }).lean().exec();
    return m?.role ?? null;
  }
}

function view(org: OrganizationDoc, role: OrgRoleValue): OrgView {
  return { id: org._id, name: org.name, role, createdAt: org.createdAt };
}
