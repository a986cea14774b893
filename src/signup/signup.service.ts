import type { Principal } from '../core/principal.js';
import type { Models } from '../db/models.js';
import { fail, ok, type Result } from '../core/errors.js';
import type { KeyService, MintedKey } from '../keys/key.service.js';
import type { Logger } from '../logging/logger.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { generateWebhookSecret } from '../core/webhook-secret.js';
import type { Clock } from '../core/clock.js';
import { newOrgId } from '../core/ids.js';
import { validName } from '../core/validation.js';
import { MANAGERS, type OrganizationService } from '../organizations/organization.service.js';

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
  readonly models: Models;
  readonly orgs: OrganizationService;
  readonly keys: KeyService;
  readonly box: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
}

const FIRST_KEY_NAME = 'Default key';

/**
 * One call from a Firebase identity to a working key: a new organization with the caller as
 * OWNER, or API access turned on for an org the caller manages; then a FULL_ACCESS key and the
 * org's webhook secret.
 */
export class SignupService {
  constructor(private readonly deps: SignupDeps) {}

  async signup(p: Principal, req: SignupRequest): Promise<Result<SignupResult>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (p.kind === 'apiKey') return fail('FIREBASE_ONLY');
    const hasName = req.orgName !== undefined && req.orgName !== null;
    const hasOrg = req.existingOrgId !== undefined && req.existingOrgId !== null;
    if (hasName === hasOrg) {
      return fail('BAD_USER_INPUT', { field: 'input', detail: 'Give exactly one of orgName and existingOrgId.' });
    }
    return hasName ? this.createOrg(p.uid, req.orgName as string) : this.enableOrg(p, req.existingOrgId as string);
  }

  /**
   * Writes membership, then key, then the organization itself, last: every path to an org reads
   * its document, so it appears with its owner and first key or not at all. A failure part-way is
   * undone when the database still answers; when it has gone (the usual cause), the leftovers are
   * invisible: a membership of a missing org is skipped, and the key's secret was never returned.
   */
  private async createOrg(uid: string, rawName: string): Promise<Result<SignupResult>> {
    const name = validName(rawName, 'orgName');
    if (!name.ok) return name;
    const keyFields = this.deps.keys.validate({ orgId: '', name: FIRST_KEY_NAME, access: 'FULL_ACCESS' });
    if (!keyFields.ok) return keyFields;

    const { models } = this.deps;
    const orgId = newOrgId();
    const webhookSecret = generateWebhookSecret();
    try {
      await models.memberships.create({ orgId, uid, role: 'OWNER' });
      const minted = await this.deps.keys.create({ ...keyFields.value, orgId }, uid);
      await models.organizations.create({
        _id: orgId,
        name: name.value,
        apiAccessEnabled: true,
        webhookSecretSealed: this.deps.box.seal(webhookSecret, orgId),
      });
      this.deps.logger.info({ orgId, by: uid }, 'organization created by signup');
      return ok({ orgId, webhookSecret, ...minted });
    } catch (err) {
      await this.undoOrg(orgId);
      throw err;
    }
  }

  private async enableOrg(p: Principal, orgId: string): Promise<Result<SignupResult>> {
    const allowed = await this.deps.orgs.requireRole(p, orgId, MANAGERS);
    if (!allowed.ok) return allowed;
    const keyFields = this.deps.keys.validate({ orgId, name: FIRST_KEY_NAME, access: 'FULL_ACCESS' });
    if (!keyFields.ok) return keyFields;

    const { organizations } = this.deps.models;
    // First writer wins: concurrent signups on one org all end up with the same secret.
    await organizations
      .updateOne(
        { _id: orgId, webhookSecretSealed: null },
        { $set: { webhookSecretSealed: this.deps.box.seal(generateWebhookSecret(), orgId) } },
      )
      .exec();
    const org = await organizations
      .findOneAndUpdate({ _id: orgId }, { $set: { apiAccessEnabled: true } }, { returnDocument: 'after' })
      .lean()
      .exec();
    if (!org?.webhookSecretSealed) return fail('NOT_FOUND');
    const webhookSecret = this.deps.box.open(org.webhookSecretSealed, orgId);
    const minted = await this.deps.keys.create(keyFields.value, allowed.value.uid);
    this.deps.logger.info({ orgId, by: allowed.value.uid }, 'api access turned on by signup');
    return ok({ orgId, webhookSecret, ...minted });
  }

  /** Best effort, org first: a leftover membership without its org is invisible and harmless. */
  private async undoOrg(orgId: string): Promise<void> {
    const { models } = this.deps;
    for (const undo of [
      () => models.organizations.deleteOne({ _id: orgId }).exec(),
      () => models.apiKeys.deleteMany({ orgId }).exec(),
      () => models.memberships.deleteMany({ orgId }).exec(),
    ]) {
      await undo().catch((err: Error) => this.deps.logger.warn({ orgId, err: { name: err.name, message: err.message } }, 'signup cleanup step failed'));
    }
  }
}
