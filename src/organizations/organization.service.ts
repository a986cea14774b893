import mongoose from 'mongoose';
import { fail, ok, type Result } from '../core/errors.js';
import { isOrgId } from '../core/ids.js';
import { authorize, type Grant, type Operation } from '../core/policy.js';
import { keyOf, uidOf } from '../core/principal.js';
import type { RequestContext } from '../core/request-context.js';
import type { OrgRole } from '../core/roles.js';
import { generateWebhookSecret } from '../core/webhook-secret.js';
import type { EventLog } from '../events/event-log.service.js';
import type { EventDraft } from '../events/event.model.js';
import { insertWithEvent, withEvent } from '../events/outbox.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { MembershipModel } from './membership.model.js';
import type { OrganizationDoc, OrganizationModel } from './organization.model.js';

export interface OrgView {
  readonly id: string;
  readonly name: string;
  /** The caller's role; an API key reads as MEMBER, since keys can only read. */
  readonly role: OrgRole;
  readonly createdAt: Date;
}

/** An allowed call on one organization: who acts, and the organization as they see it. */
export interface OrgGrant extends Grant {
  readonly org: OrgView;
  readonly apiAccessEnabled: boolean;
}

export interface OrganizationServiceDeps {
  readonly organizations: OrganizationModel;
  readonly memberships: MembershipModel;
  /** Seals webhook secrets at rest, bound to their organization. */
  readonly box: SecretBox;
  readonly events: EventLog;
}

// The webhook secret stays in this service: nothing else reads the sealed form.
const WITHOUT_SECRET = { webhookSecretSealed: 0, _outbox: 0, _outboxPending: 0 } as const;
type OrgDocument = Omit<OrganizationDoc, 'webhookSecretSealed'>;

/** Organizations and memberships: who belongs where, with which role, and who may see what. */
export class OrganizationService {
  constructor(private readonly deps: OrganizationServiceDeps) {}

  /**
   * Decides `op` on organization `orgId` for the caller (src/core/policy.ts), reading what the
   * policy needs: the caller's membership, then the organization. Unknown organizations and
   * those the caller may not see both answer NOT_FOUND; a membership of an organization that does
   * not exist (a signup in flight, or one that failed) counts as none.
   */
  async authorize(ctx: RequestContext, op: Operation, orgId: string): Promise<Result<OrgGrant>> {
    const asKind = authorize(ctx, op);
    if (!asKind.ok) return asKind;
    if (!isOrgId(orgId)) return fail('NOT_FOUND');
    let org: OrgDocument | null = null;
    let role: OrgRole | null = null;
    const uid = uidOf(ctx.principal);
    if (uid !== null) {
      const member = await this.roleOf(uid, orgId);
      if (member) {
        org = await this.find(orgId);
        role = org ? member : null;
      }
    }
    const granted = authorize(ctx, op, { orgId, role });
    if (!granted.ok) return granted;
    org ??= await this.find(orgId);
    if (!org) return fail('NOT_FOUND');
    const { actor } = granted.value;
    const seenAs = granted.value.role ?? 'MEMBER';
    return ok({ actor, role: granted.value.role, org: view(org, seenAs), apiAccessEnabled: org.apiAccessEnabled });
  }

  /** The caller's organizations: a person's, oldest membership first; a key's own. */
  async listForCaller(ctx: RequestContext): Promise<Result<OrgView[]>> {
    const allowed = authorize(ctx, 'org.list');
    if (!allowed.ok) return allowed;
    const key = keyOf(ctx.principal);
    if (key) {
      const org = await this.visible(ctx, key.orgId);
      return ok(org.ok ? [org.value] : []);
    }
    const memberships = await this.deps.memberships.find({ uid: allowed.value.actor.id }).sort({ createdAt: 1 }).lean().exec();
    if (memberships.length === 0) return ok([]);
    const ids = memberships.map((m) => m.orgId);
    const orgs = await this.deps.organizations
      .find({ _id: mongoose.trusted({ $in: ids }) }, WITHOUT_SECRET)
      .lean()
      .exec();
    const byId = new Map(orgs.map((o) => [o._id, o]));
    // An org whose insert has not landed (signup in flight or failed) is simply not listed.
    return ok(
      memberships.flatMap((m) => {
        const org = byId.get(m.orgId);
        return org ? [view(org, m.role)] : [];
      }),
    );
  }

  /** The org as the caller may see it; unknown and invisible both answer NOT_FOUND. */
  async visible(ctx: RequestContext, orgId: string): Promise<Result<OrgView>> {
    const granted = await this.authorize(ctx, 'org.read', orgId);
    return granted.ok ? ok(granted.value.org) : granted;
  }

  /** The organizations a person belongs to, whatever the role: for a lookup confined to them. */
  async orgIdsOf(uid: string): Promise<string[]> {
    const memberships = await this.deps.memberships.find({ uid }, { orgId: 1 }).lean().exec();
    return memberships.map((m) => m.orgId);
  }

  async addMember(orgId: string, uid: string, role: OrgRole): Promise<void> {
    await this.deps.memberships.create({ orgId, uid, role });
  }

  /**
   * Writes a new organization with API access on and its webhook secret sealed. The insert
   * carries `org.created`, and any other events of the change it completes (`alsoCarried`).
   */
  async create(ctx: RequestContext, org: { id: string; name: string; webhookSecret: string }, alsoCarried: readonly EventDraft[] = []): Promise<void> {
    const { organizations, events, box } = this.deps;
    const created = events.draft(ctx, { orgId: org.id, action: 'org.created', target: orgTarget(org.id) });
    await organizations.create(
      insertWithEvent(
        { _id: org.id, name: org.name, apiAccessEnabled: true, webhookSecretSealed: box.seal(org.webhookSecret, org.id) },
        created,
        ...alsoCarried,
      ),
    );
    await events.relay(organizations, org.id);
  }

  /**
   * Turns API access on and returns the organization's webhook secret in clear, made now if it
   * had none; null when the organization is gone. First writer wins: concurrent calls on one
   * organization all answer the same secret.
   */
  async enableApiAccess(ctx: RequestContext, orgId: string): Promise<string | null> {
    const { organizations, events } = this.deps;
    await organizations
      .updateOne({ _id: orgId, webhookSecretSealed: null }, { $set: { webhookSecretSealed: this.deps.box.seal(generateWebhookSecret(), orgId) } })
      .exec();
    // Only the call that turns it on records api.enabled.
    const enabled = events.draft(ctx, { orgId, action: 'api.enabled', target: orgTarget(orgId) });
    const { modifiedCount } = await organizations
      .updateOne({ _id: orgId, apiAccessEnabled: false }, withEvent({ $set: { apiAccessEnabled: true } }, enabled))
      .exec();
    if (modifiedCount === 1) await events.relay(organizations, orgId);
    const org = await organizations.findById(orgId, { webhookSecretSealed: 1 }).lean().exec();
    return org?.webhookSecretSealed ? this.deps.box.open(org.webhookSecretSealed, orgId) : null;
  }

  /** Removes the organization document: from then on nothing of it is visible. */
  async deleteOrganization(orgId: string): Promise<void> {
    await this.deps.organizations.deleteOne({ _id: orgId }).exec();
  }

  async deleteMemberships(orgId: string): Promise<void> {
    await this.deps.memberships.deleteMany({ orgId }).exec();
  }

  private find(orgId: string): Promise<OrgDocument | null> {
    return this.deps.organizations.findById(orgId, WITHOUT_SECRET).lean().exec();
  }

  private async roleOf(uid: string, orgId: string): Promise<OrgRole | null> {
    const m = await this.deps.memberships.findOne({ uid, orgId }, { role: 1 }).lean().exec();
    return m?.role ?? null;
  }
}

function orgTarget(orgId: string) {
  return { type: 'organization', id: orgId };
}

function view(org: Pick<OrganizationDoc, '_id' | 'name' | 'createdAt'>, role: OrgRole): OrgView {
  return { id: org._id, name: org.name, role, createdAt: org.createdAt };
}
