// Helpers shared by the /verify tests: keys minted through the real mutation, and a counter of
// the real database operations Keyhold issues (mongoose's own operation events, nothing mocked).
import { expect } from 'vitest';
import { hashApiKey } from '../../src/core/key-format.js';
import type { HttpResult, TestKeyhold } from '../support/harness.js';

export interface MintedKey {
  secret: string;
  id: string;
  orgId: string;
  /** The Firebase ID token of the org's OWNER, for revokeKey. */
  ownerToken: string;
}

export interface KeyOptions {
  access?: 'FULL_ACCESS' | 'READ_ONLY';
  rateLimitPerMinute?: number;
  /** Milliseconds from the harness clock's now. */
  expiresInMs?: number;
  name?: string;
}

/** A new organization and a key minted in it with `opts` (never verified yet, so not cached). */
export async function mintKey(k: TestKeyhold, opts: KeyOptions = {}): Promise<MintedKey> {
  const { user, orgId } = await k.signedUp(`Org ${Math.random().toString(36).slice(2, 8)}`);
  const input: Record<string, unknown> = {
    orgId,
    name: opts.name ?? 'payments worker',
    access: opts.access ?? 'FULL_ACCESS',
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000,
  };
  if (opts.expiresInMs !== undefined) input.expiresAt = new Date(k.clock.now() + opts.expiresInMs).toISOString();
  const { secret, id } = await k.mint(user.idToken, input);
  return { secret, id, orgId, ownerToken: user.idToken };
}

export const REVOKE = 'mutation($id: ID!) { revokeKey(id: $id) { id status revokedAt } }';

export async function revoke(k: TestKeyhold, key: MintedKey): Promise<void> {
  const res = await k.gql(REVOKE, { id: key.id }, { token: key.ownerToken });
  if (res.body.data?.revokeKey?.status !== 'REVOKED') throw new Error(`revokeKey failed: ${JSON.stringify(res.body.errors)}`);
}

export interface Operation {
  collection: string;
  method: string;
  params: unknown[];
}

/**
 * Records every operation Keyhold's connection sends to the database from now until `stop()`,
 * from mongoose's `operation-start` events.
 */
export function recordOperations(k: TestKeyhold): { ops: Operation[]; stop(): void } {
  const ops: Operation[] = [];
  const conn = k.keyhold.services.db.connection;
  const listener = (e: { collectionName: string; method: string; params: unknown[] }) =>
    ops.push({ collection: e.collectionName, method: e.method, params: e.params });
  conn.on('operation-start', listener);
  return { ops, stop: () => conn.off('operation-start', listener) };
}

/**
 * The operations a request caused: all but the background lastUsedAt flush (a bulkWrite to
 * api_keys, once a second, whenever an earlier test's key use is pending).
 */
export function requestOps(ops: Operation[]): Operation[] {
  return ops.filter((op) => !(op.collection === 'api_keys' && op.method === 'bulkWrite'));
}

/** Reads of the api_keys collection by a key's hash: the lookup path's database reads. */
export function keyReads(ops: Operation[], secret?: string): number {
  const hash = secret === undefined ? undefined : hashApiKey(secret);
  return ops.filter((op) => {
    if (op.collection !== 'api_keys' || op.method !== 'findOne') return false;
    const filter = op.params[0] as { hash?: unknown } | undefined;
    return filter?.hash !== undefined && (hash === undefined || filter.hash === hash);
  }).length;
}

/** The rate-limit headers of a response, as numbers. */
export function rateHeaders(res: HttpResult): { limit: number; remaining: number; reset: number } {
  return {
    limit: Number(res.headers.get('x-ratelimit-limit')),
    remaining: Number(res.headers.get('x-ratelimit-remaining')),
    reset: Number(res.headers.get('x-ratelimit-reset')),
  };
}

/** The contract's error body for `code`: exact shape, a non-empty message. */
export function refusal(code: string) {
  return { valid: false, error: { code, message: expect.stringMatching(/\S/) } };
}
