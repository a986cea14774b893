import mongoose from 'mongoose';
import type { Clock } from '../core/clock.js';
import { fail, ok, type Result } from '../core/errors.js';
import { isKeyId, newKeyId } from '../core/ids.js';
import { generateApiKey, hashApiKey, KEY_PREFIX_LENGTH } from '../core/key-format.js';
import type { KeyAccessValue, KeyRecord } from '../core/key-record.js';
import { authorize } from '../core/policy.js';
import { keyOf } from '../core/principal.js';
import type { RequestContext } from '../core/request-context.js';
import { validFutureDate, validIntRange, validName } from '../core/validation.js';
import type { EventLog } from '../events/event-log.service.js';
import type { EventDraft } from '../events/event.model.js';
import { insertWithEvent, withEvent } from '../events/outbox.js';
import type { Logger } from '../logging/logger.js';
import type { OrganizationService } from '../organizations/organization.service.js';
import type { ApiKeyModel } from './api-key.model.js';
import { keyEventData, keyTarget } from './key-events.js';
import type { KeyLookup } from './key-lookup.js';
import { KEY_PROJECTION, toKeyRecord } from './key-record.js';

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

/** A key just written, and its `key.minted` event (carried by the key, or left to the caller). */
export interface CreatedKey extends MintedKey {
  readonly event: EventDraft;
}

export interface KeyServiceDeps {
  readonly apiKeys: ApiKeyModel;
  readonly orgs: OrganizationService;
  readonly lookup: KeyLookup;
  readonly events: EventLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaultRateLimit: { readonly READ_ONLY: number; readonly FULL_ACCESS: number };
}

/** Minting, listing and revoking keys; who may is the policy table's (src/core/policy.ts). */
export class KeyService {
  constructor(private readonly deps: KeyServiceDeps) {}

  async mint(ctx: RequestContext, req: MintRequest): Promise<Result<MintedKey>> {
    const granted = await this.deps.orgs.authorize(ctx, 'key.mint', req.orgId);
    if (!granted.ok) return granted;
    const valid = this.validate(req);
    if (!valid.ok) return valid;
    if (!granted.value.apiAccessEnabled) {
      return fail('FORBIDDEN', { detail: 'API access is not turned on for this organization; call signup with existingOrgId first.' });
    }
    const { secret, key } = await this.create(ctx, valid.value, granted.value.actor.id);
    return ok({ secret, key });
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

  /**
   * Writes a new key for an org the caller was already authorized on, with its `key.minted`
   * event aboard; `carried: false` leaves the event to the caller, to ride in another write
   * (signup's organization, which is what makes the key reachable at all).
   */
  async create(ctx: RequestContext, fields: KeyFields, createdBy: string, { carried = true } = {}): Promise<CreatedKey> {
    const { apiKeys, events, clock } = this.deps;
    const secret = generateApiKey();
    const doc = {
      _id: newKeyId(),
      ...fields,
      prefix: secret.slice(0, KEY_PREFIX_LENGTH),
      hash: hashApiKey(secret),
      createdBy,
      createdAt: new Date(clock.now()),
      revokedAt: null,
      lastUsedAt: null,
    };
    const key = toKeyRecord(doc);
    const event = events.draft(ctx, { orgId: key.orgId, action: 'key.minted', target: keyTarget(key), data: keyEventData(key, clock.now()) });
    await apiKeys.create(carried ? insertWithEvent(doc, event) : doc);
    if (carried) await events.relay(apiKeys, key.id);
    this.deps.logger.info({ reqId: ctx.requestId, keyId: key.id, orgId: key.orgId, access: key.access, by: createdBy }, 'api key minted');
    return { secret, key, event };
  }

  async list(ctx: RequestContext, orgId: string, includeRevoked: boolean): Promise<Result<KeyRecord[]>> {
    const granted = await this.deps.orgs.authorize(ctx, 'key.list', orgId);
    if (!granted.ok) return granted;
    const filter = includeRevoked ? { orgId } : { orgId, revokedAt: null };
    const docs = await this.deps.apiKeys.find(filter, KEY_PROJECTION).sort({ createdAt: -1, _id: 1 }).lean().exec();
    return ok(docs.map(toKeyRecord));
  }

  /** Keys of many orgs in one query, for the Organization.apiKeys field (orgs already authorized). */
  async listForOrgs(orgIds: readonly string[]): Promise<Map<string, KeyRecord[]>> {
    const docs = await this.deps.apiKeys
      .find({ orgId: mongoose.trusted({ $in: [...orgIds] }) }, KEY_PROJECTION)
      .sort({ createdAt: -1, _id: 1 })
      .lean()
      .exec();
    const byOrg = new Map<string, KeyRecord[]>(orgIds.map((id) => [id, []]));
    for (const d of docs) byOrg.get(d.orgId)?.push(toKeyRecord(d));
    return byOrg;
  }

  /** Idempotent: revoking a revoked key answers it unchanged, with its first revocation time. */
  async revoke(ctx: RequestContext, keyId: string): Promise<Result<KeyRecord>> {
    const asKind = authorize(ctx, 'key.revoke');
    if (!asKind.ok) return asKind;
    if (!isKeyId(keyId)) return fail('NOT_FOUND');
    // The key is looked for among the caller's organizations only: another organization's key
    // and an id that names nothing take the same path (the same queries, both missing), so
    // neither the answer nor its timing tells whether the id exists.
    const { apiKeys, events, clock } = this.deps;
    const orgIds = await this.deps.orgs.orgIdsOf(asKind.value.actor.id);
    const existing = await apiKeys
      .findOne({ _id: keyId, orgId: mongoose.trusted({ $in: orgIds }) }, KEY_PROJECTION)
      .lean()
      .exec();
    if (!existing) return fail('NOT_FOUND');
    const granted = await this.deps.orgs.authorize(ctx, 'key.revoke', existing.orgId);
    if (!granted.ok) return granted;

    // One guarded update, carrying its event: of concurrent revocations exactly one sets
    // revokedAt, and only that one records key.revoked.
    const revokedAt = new Date(clock.now());
    const revoked = { ...toKeyRecord(existing), revokedAt };
    const event = events.draft(ctx, { orgId: revoked.orgId, action: 'key.revoked', target: keyTarget(revoked), data: keyEventData(revoked, clock.now()) });
    const { modifiedCount } = await apiKeys.updateOne({ _id: keyId, revokedAt: null }, withEvent({ $set: { revokedAt } }, event)).exec();
    if (modifiedCount === 1) await events.relay(apiKeys, keyId);
    const doc = await apiKeys.findById(keyId, { _outbox: 0, _outboxPending: 0 }).lean().exec();
    if (!doc) return fail('NOT_FOUND');
    this.deps.lookup.forget(doc.hash);
    this.deps.logger.info({ reqId: ctx.requestId, keyId, orgId: doc.orgId, by: granted.value.actor.id }, 'api key revoked');
    return ok(toKeyRecord(doc));
  }

  /** The key that made the call, fresh from the database (lastUsedAt included); null for a person. */
  async current(ctx: RequestContext): Promise<Result<KeyRecord | null>> {
    const allowed = authorize(ctx, 'key.current');
    if (!allowed.ok) return allowed;
    const key = keyOf(ctx.principal);
    if (!key) return ok(null);
    const doc = await this.deps.apiKeys.findById(key.id, KEY_PROJECTION).lean().exec();
    return ok(doc ? toKeyRecord(doc) : key);
  }

  /** Removes every key of an organization: undoing a signup that failed part-way. */
  async deleteAllOf(orgId: string): Promise<void> {
    await this.deps.apiKeys.deleteMany({ orgId }).exec();
  }
}
