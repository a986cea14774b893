import type { ServerResponse } from 'node:http';
import type { Decision } from './verifier.js';

type Refused = Extract<Decision, { allowed: false }>;

/** Writes a refusal on a bare Node response: Keyhold's status, headers and JSON body. */
export function sendRefusal(res: ServerResponse, refusal: Refused): void {
  const body = JSON.stringify(refusal.body);
  res.statusCode = refusal.status;
  for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}
