import { fail, ok, type Result } from '../core/errors.js';
import { newOrgId } from '../core/ids.js';
import { authorize } from '../core/policy.js';
import type { RequestContext } from '../core/request-context.js';
import { validName } from '../core/validation.js';
import { generateWebhookSecret } from '../core/webhook-secret.js';
import type { KeyService, MintedKey } from '../keys/key.service.js';
import type { Logger } from '../logging/logger.js';
import type { OrganizationService } from '../organizations/organization.service.js';

export interface SignupRequest {
  readonly orgName?: string | null;
  readonly existingOrgId?: string | null;
}

export interface SignupResult extends MintedKey {
  readonly orgId: string;
  /** The org's whsec_ secret in clear: returned to the caller, kept sealed at rest. */
  readonly webhookSecret: string;
}

export interface SignupDeps {
  readonly orgs: OrganizationService;
  readonly keys: KeyService;
  readonly logger: Logger;
}

const FIRST_KEY_NAME = 'Default key';

/**
 * One call from a Firebase identity to a working key: a new organization with the caller as
 * OWNER, or API access turned on for an org the caller manages; then a FULL_ACCESS key and the
 * org's webhook secret. It writes through the organizations and keys services, which own that data.
 */
export class SignupService {
  constructor(private readonly deps: SignupDeps) {}

  async signup(ctx: RequestContext, req: SignupRequest): Promise<Result<SignupResult>> {
    const hasName = req.orgName !== undefined && req.orgName !== null;
    const hasOrg = req.existingOrgId !== undefined && req.existingOrgId !== null;
    const asKind = authorize(ctx, hasName ? 'org.create' : 'org.enableApi');
    if (!asKind.ok) return asKind;
    if (hasName === hasOrg) {
      return fail('BAD_USER_INPUT', { field: 'input', detail: 'Give exactly one of orgName and existingOrgId.' });
    }
    return hasName ? this.createOrg(ctx, asKind.value.actor.id, req.orgName) : this.enableOrg(ctx, req.existingOrgId as string);
  }

  /**
   * Writes membership, then key, then the organization itself, last: every path to an org reads
   * its document, so it appears with its owner and first key or not at all. A failure part-way is
   * undone when the database still answers; when it has gone (the usual cause), the leftovers are
   * invisible: a membership of a missing org is skipped, and the key's secret was never returned.
   */
  private async createOrg(ctx: RequestContext, uid: string, rawName: string): Promise<Result<SignupResult>> {
    const name = validName(rawName, 'orgName');
    if (!name.ok) return name;
    const keyFields = this.deps.keys.validate({ orgId: '', name: FIRST_KEY_NAME, access: 'FULL_ACCESS' });
    if (!keyFields.ok) return keyFields;

    const { orgs, keys } = this.deps;
    const orgId = newOrgId();
    const webhookSecret = generateWebhookSecret();
    try {
      await orgs.addMember(orgId, uid, 'OWNER');
      // The key's key.minted rides with org.created in the organization's insert: the write that
      // makes both reachable, so no event is recorded for a signup that did not complete.
      const { secret, key, event } = await keys.create(ctx, { ...keyFields.value, orgId }, uid, { carried: false });
      await orgs.create(ctx, { id: orgId, name: name.value, webhookSecret }, [event]);
      this.deps.logger.info({ reqId: ctx.requestId, orgId, by: uid }, 'organization created by signup');
      return ok({ orgId, webhookSecret, secret, key });
    } catch (err) {
      await this.undoOrg(orgId);
      throw err;
    }
  }

  private async enableOrg(ctx: RequestContext, orgId: string): Promise<Result<SignupResult>> {
    const granted = await this.deps.orgs.authorize(ctx, 'org.enableApi', orgId);
    if (!granted.ok) return granted;
    const keyFields = this.deps.keys.validate({ orgId, name: FIRST_KEY_NAME, access: 'FULL_ACCESS' });
    if (!keyFields.ok) return keyFields;

    const webhookSecret = await this.deps.orgs.enableApiAccess(ctx, orgId);
    if (webhookSecret === null) return fail('NOT_FOUND');
    const uid = granted.value.actor.id;
    const { secret, key } = await this.deps.keys.create(ctx, keyFields.value, uid);
    this.deps.logger.info({ reqId: ctx.requestId, orgId, by: uid }, 'api access turned on by signup');
    return ok({ orgId, webhookSecret, secret, key });
  }

  /** Best effort, org first: a leftover membership without its org is invisible and harmless. */
  private async undoOrg(orgId: string): Promise<void> {
    const { orgs, keys } = this.deps;
    for (const undo of [() => orgs.deleteOrganization(orgId), () => keys.deleteAllOf(orgId), () => orgs.deleteMemberships(orgId)]) {
      await undo().catch((err: Error) => this.deps.logger.warn({ orgId, err: { name: err.name, message: err.message } }, 'signup cleanup step failed'));
    }
  }
}
