// Small helpers shared by the security and reliability suites.
import { request } from 'node:http';
import type { TestKeyhold } from '../support/harness.js';

export interface DocumentCounts {
  organizations: number;
  memberships: number;
  apiKeys: number;
}

/** How many documents each collection holds: compared before and after a refused request. */
export async function countDocuments(k: TestKeyhold): Promise<DocumentCounts> {
  const [organizations, memberships, apiKeys] = await Promise.all([
    k.models.organizations.countDocuments().exec(),
    k.models.memberships.countDocuments().exec(),
    k.models.apiKeys.countDocuments().exec(),
  ]);
  return { organizations, memberships, apiKeys };
}

/** The `extensions.code` of every error in a GraphQL response body. */
export function errorCodes(body: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (body.errors ?? []).map((e) => e.extensions?.code);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * One request with headers sent exactly as given, repeats and all: `fetch` would merge two
 * Authorization headers into one, and refuses bytes outside ASCII. `headers` is a flat
 * [name, value, name, value, …] list, as Node's rawHeaders.
 */
export function rawRequest(baseUrl: string, method: string, path: string, headers: string[], body?: string): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: pairs(url.host, headers, body) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON: keep the text */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Given a list, Node sends exactly that list: Host (which HTTP/1.1 requires) must be in it.
function pairs(host: string, flat: string[], body: string | undefined): string[] {
  const out = ['host', host, ...flat];
  if (body !== undefined) out.push('content-length', String(Buffer.byteLength(body)));
  return out;
}

/** A GraphQL POST body. */
export function gqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}
