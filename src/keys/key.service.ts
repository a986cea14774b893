import mongoose from 'mongoose';
import type { Principal } from '../auth/principal.js';
import type { Models } from '../db/models.js';
import { fail, ok, type Result } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';
import { MANAGERS, type OrganizationService } from '../organizations/organization.service.js';
import type { Clock } from '../shared/clock.js';
import { isKeyId, newKeyId } from '../shared/ids.js';
import { validFutureDate, validIntRange, validName } from '../shared/validation.js';
import type { KeyAccessValue } from './api-key.model.js';
import { generateApiKey, hashApiKey, KEY_PREFIX_LENGTH } from './key-format.js';
import type { KeyLookup } from './key-lookup.js';
import { KEY_PROJECTION, toKeyRecord, type KeyRecord } from './key-record.js';

export interface MintRequest {
  readonly orgId: string;
  readonly name: string;
  readonly access?: KeyAccessValue | null;
  readonly expiresAt?: Date | null;
  readonly rateLimitPerMinute?: number | null;
}

/** Mint fields after validation, defaults filled in. */
export interface KeyFields {
  readonly orgId: string;
  readonly name: string;
  readonly access: KeyAccessValue;
  readonly expiresAt: Date | null;
  readonly rateLimitPerMinute: number;
}

export interface MintedKey {
  /** The sk_live_ secret: returned once, here, and never stored. */
  readonly secret: string;
  readonly key: KeyRecord;
}

export interface KeyServiceDeps {
  readonly models: Models;
  readonly orgs: OrganizationService;
  readonly lookup: KeyLookup;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaultRateLimit: { readonly READ_ONLY: number; readonly FULL_ACCESS: number };
}

/** Minting, listing and revoking keys, with the org-role rules the contract sets. */
export class KeyService {
  constructor(private readonly deps: KeyServiceDeps) {}

  async mint(p: Principal, req: MintRequest): Promise<Result<MintedKey>> {
    const allowed = await this.deps.orgs.requireRole(p, req.orgId, MANAGERS);
    if (!allowed.ok) return allowed;
    const valid = this.validate(req);
    if (!valid.ok) return valid;
    const org = await this.deps.models.organizations.findById(req.orgId, { apiAccessEnabled: 1 }).lean().exec();
    if (!org?.apiAccessEnabled) {
      return fail('FORBIDDEN', { detail: 'API access is not turned on for this organization; call signup with existingOrgId first.' });
    }
    return ok(await this.create(valid.value, allowed.value.uid));
  }

  /** Validated mint fields, with the configured default rate limit filled in. */
  validate(req: MintRequest): Result<KeyFields> {
    const name = validName(req.name, 'name');
    if (!name.ok) return name;
    const access = req.access ?? 'FULL_ACCESS';
    let expiresAt: Date | null = null;
    if (req.expiresAt) {
      const future = validFutureDate(req.expiresAt, this.deps.clock.now(), 'expiresAt');
      if (!future.ok) return future;
      expiresAt = future.value;
    }
    const limit = validIntRange(req.rateLimitPerMinute ?? this.deps.defaultRateLimit[access], 1, 1_000_000, 'rateLimitPerMinute');
    if (!limit.ok) return limit;
    return ok({ orgId: req.orgId, name: name.value, access, expiresAt, rateLimitPerMinute: limit.value });
  }

  /** Writes a new key for an org the caller was already authorized on. */
  async create(fields: KeyFields, createdBy: string): Promise<MintedKey> {
    const secret = generateApiKey();
    const doc = await this.deps.models.apiKeys.create({
      _id: newKeyId(),
      ...fields,
      prefix: secret.slice(0, KEY_PREFIX_LENGTH),
      hash: hashApiKey(secret),
      createdBy,
      createdAt: new Date(this.deps.clock.now()),
      revokedAt: null,
      lastUsedAt: null,
    });
    const key = toKeyRecord(doc.toObject());
    this.deps.logger.info({ keyId: key.id, orgId: key.orgId, access: key.access, by: createdBy }, 'api key minted');
    return { secret, key };
  }

  async list(p: Principal, orgId: string, includeRevoked: boolean): Promise<Result<KeyRecord[]>> {
    const org = await this.deps.orgs.visible(p, orgId);
    if (!org.ok) return org;
    const filter = includeRevoked ? { orgId } : { orgId, revokedAt: null };
    const docs = await this.deps.models.apiKeys.find(filter, KEY_PROJECTION).sort({ createdAt: -1, _id: 1 }).lean().exec();
    return ok(docs.map(toKeyRecord));
  }

  /** Keys of many orgs in one query, for the Organization.apiKeys field (orgs already authorized). */
  async listForOrgs(orgIds: readonly string[]): Promise<Map<string, KeyRecord[]>> {
    const docs = await this.deps.models.apiKeys
      .find({ orgId: mongoose.trusted({ $in: [...orgIds] }) }, KEY_PROJECTION)
      .sort({ createdAt: -1, _id: 1 })
      .lean()
      .exec();
    const byOrg = new Map<string, KeyRecord[]>(orgIds.map((id) => [id, []]));
    for (const d of docs) byOrg.get(d.orgId)?.push(toKeyRecord(d));
    return byOrg;
  }

  /** Idempotent: revoking a revoked key answers it unchanged, with its first revocation time. */
  async revoke(p: Principal, keyId: string): Promise<Result<KeyRecord>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (p.kind === 'apiKey') return fail('FIREBASE_ONLY');
    if (!isKeyId(keyId)) return fail('NOT_FOUND');
    // The key is looked for among the caller's organizations only: another organization's key
    // and an id that names nothing take the same path (the same queries, both missing), so
    // neither the answer nor its timing tells whether the id exists.
    const memberships = await this.deps.models.memberships.find({ uid: p.uid }, { orgId: 1 }).lean().exec();
    const orgIds = memberships.map((m) => m.orgId);
    const existing = await this.deps.models.apiKeys.findOne({ _id: keyId, orgId: mongoose.trusted({ $in: orgIds }) }, { orgId: 1 }).lean().exec();
    if (!existing) return fail('NOT_FOUND');
    const allowed = await this.deps.orgs.requireRole(p, existing.orgId, MANAGERS);
    if (!allowed.ok) return allowed;

    // One guarded update: of concurrent revocations exactly one sets revokedAt.
    await this.deps.models.apiKeys
      .updateOne({ _id: keyId, revokedAt: null }, { $set: { revokedAt: new Date(this.deps.clock.now()) } })
      .exec();
    const doc = await this.deps.models.apiKeys.findById(keyId).lean().exec();
    if (!doc) return fail('NOT_FOUND');
    this.deps.lookup.forget(doc.hash);
    this.deps.logger.info({ keyId, orgId: doc.orgId, by: p.uid }, 'api key revoked');
    return ok(toKeyRecord(doc));
  }

  /** The key that made the call, fresh from the database (lastUsedAt included). */
  async current(p: Principal): Promise<Result<KeyRecord | null>> {
    if (p.kind === 'anonymous') return fail('MISSING_CREDENTIAL');
    if (p.kind === 'user') return ok(null);
    const doc = await this.deps.models.apiKeys.findById(p.key.id, KEY_PROJECTION).lean().exec();
    return ok(doc ? toKeyRecord(doc) : p.key);
  }
}
