import { hash } from 'node:crypto';
import type { Credential } from '../auth/credentials.js';
import type { RateWindow } from '../config/config.js';
import type { Failure } from '../errors/catalogue.js';
import { unitOf, type GraphQLLimiter } from './rate-limit.js';

export interface OperationLimits {
  /** Operations presenting a Firebase ID token, per client address. */
  readonly perIp: RateWindow;
  /** Operations presenting one Firebase ID token (counted by its hash). */
  readonly perToken: RateWindow;
}

/**
 * Whole GraphQL operations that present a Firebase ID token are counted before the token is
 * verified: verification may call Firebase (revocation, disabled users), and a caller must not
 * be able to make Keyhold do so without bound. Each is counted against its client address and
 * against the token itself, by hash, so the limiter never holds a credential. API keys are
 * held to their own per-minute limit, and anonymous operations reach nothing remote.
 *
 * Answers null when the operation may proceed, else the RATE_LIMITED failure to send.
 */
export async function limitOperation(
  limiter: GraphQLLimiter,
  limits: OperationLimits,
  credential: Credential,
  ip: string,
): Promise<Failure | null> {
  if (credential.kind !== 'idToken') return null;
  const byIp = await limiter.consume('operationsPerIp', `ip:${ip}`, limits.perIp);
  if (byIp !== null) return refusal('from this address', limits.perIp, byIp);
  const byToken = await limiter.consume('operationsPerToken', `token:${hash('sha256', credential.value)}`, limits.perToken);
  if (byToken !== null) return refusal('with this sign-in', limits.perToken, byToken);
  return null;
}

function refusal(scope: string, limit: RateWindow, retryAfter: number): Failure {
  const detail = `Rate limit reached: ${limit.max} signed-in operations per ${unitOf(limit.window).name} ${scope}. Retry in ${retryAfter} s.`;
  return { code: 'RATE_LIMITED', detail, retryAfter };
}
