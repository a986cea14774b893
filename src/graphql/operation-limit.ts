import { hash } from 'node:crypto';
import type { Credential } from '../core/credentials.js';
import type { Failure } from '../core/errors.js';
import type { GraphQLLimiter, OperationLimit } from './rate-limit.js';

/**
 * Whole GraphQL operations that present a Firebase ID token are counted before the token is
 * verified: verification may call Firebase (revocation, disabled users), and a caller must not
 * be able to make Keyhold do so without bound. Each is counted against its client address and
 * against the token itself, by hash, so the limiter never holds a credential. API keys are
 * held to their own per-minute limit, and anonymous operations reach nothing remote.
 *
 * Answers null when the operation may proceed, else the RATE_LIMITED failure to send.
 */
export async function limitOperation(limiter: GraphQLLimiter, credential: Credential, ip: string): Promise<Failure | null> {
  if (credential.kind !== 'idToken') return null;
  const byIp = await limiter.consume('operationsPerIp', `ip:${ip}`);
  if (byIp !== null) return refusal(limiter, 'operationsPerIp', 'from this address', byIp);
  const byToken = await limiter.consume('operationsPerToken', `token:${hash('sha256', credential.value)}`);
  if (byToken !== null) return refusal(limiter, 'operationsPerToken', 'with this sign-in', byToken);
  return null;
}

function refusal(limiter: GraphQLLimiter, limit: OperationLimit, scope: string, retryAfter: number): Failure {
  const { max, per } = limiter.allowance(limit);
  const detail = `Rate limit reached: ${max} signed-in operations per ${per} ${scope}. Retry in ${retryAfter} s.`;
  return { code: 'RATE_LIMITED', detail, retryAfter };
}
