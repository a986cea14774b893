import type { ApiKeyDoc, ApiKeyModel } from '../src/keys/api-key.model.js';
import { generateApiKey, hashApiKey, KEY_PREFIX_LENGTH } from '../src/core/key-format.js';
import { newKeyId, newOrgId } from '../src/core/ids.js';

const BATCH = 5_000;
// The contract's maximum: the bench measures the lookup path, not 429s.
const HUGE_LIMIT = 1_000_000;
/**
 * GraphQL also counts each caller against RATE_LIMIT_QUERY (600 a minute by default, kept as
 * production runs it): the GraphQL target spreads its calls over this many keys to stay under it.
 */
export const GRAPHQL_KEYS = 256;

export interface BenchSecrets {
  /** A key for /verify, with the maximum rate limit. */
  verify: string;
  /** Keys for GraphQL, also with the maximum rate limit, so the targets never share a budget. */
  graphql: string[];
}

/** Stores `count` keys (orgs of 50 keys each) in batches straight through the model. */
export async function seedKeys(apiKeys: ApiKeyModel, count: number): Promise<BenchSecrets> {
  if (count < GRAPHQL_KEYS + 2) throw new Error(`seedKeys: need at least ${GRAPHQL_KEYS + 2} keys, got ${count}`);
  const createdAt = new Date();
  const secrets: BenchSecrets = { verify: '', graphql: [] };
  const verifyAt = Math.floor(count / 3);
  const graphqlFrom = Math.floor(count / 2);
  let orgId = newOrgId();
  let batch: ApiKeyDoc[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) orgId = newOrgId();
    const secret = generateApiKey();
    const forVerify = i === verifyAt;
    const forGraphql = i >= graphqlFrom && i < graphqlFrom + GRAPHQL_KEYS;
    if (forVerify) secrets.verify = secret;
    if (forGraphql) secrets.graphql.push(secret);
    batch.push({
      _id: newKeyId(),
      orgId,
      name: forVerify ? 'bench verify' : `seeded ${i}`,
      prefix: secret.slice(0, KEY_PREFIX_LENGTH),
      hash: hashApiKey(secret),
      access: 'FULL_ACCESS',
      rateLimitPerMinute: forVerify || forGraphql ? HUGE_LIMIT : 100,
      createdBy: 'bench',
      createdAt,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    if (batch.length === BATCH || i === count - 1) {
      await apiKeys.insertMany(batch, { lean: true, ordered: false });
      batch = [];
    }
  }
  return secrets;
}
