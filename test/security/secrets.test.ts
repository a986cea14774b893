// Secrets stay secret: no sk_live_ key, whsec_ secret or ID token in a log line (the harness
// fails close() on any it handed out or saw presented), none echoed in a response, the webhook
// secret sealed at rest, and the logger's redaction proven on its own.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/logging/logger.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { forgeToken } from '../support/firebase-tokens.js';
import { type TestKeyhold, useKeyhold } from '../support/harness.js';
import { gqlBody, rawRequest } from './helpers.js';

const k = useKeyhold();
type Owner = Awaited<ReturnType<TestKeyhold['signedUp']>>;

/**
 * The credentials a new owner can present: their key, their token, a forgery of it and a
 * mistyped key. All are added to k.secrets, so close() fails if any is ever logged.
 */
function credentialsOf(owner: Owner): { label: string; value: string }[] {
  const forged = forgeToken(owner.user.idToken, 'expired');
  const mistyped = `${owner.secret.slice(0, -1)}x`;
  k.secrets.add(forged).add(mistyped);
  return [
    { label: 'the API key', value: owner.secret },
    { label: 'the ID token', value: owner.user.idToken },
    { label: 'a forged ID token', value: forged },
    { label: 'a mistyped key', value: mistyped },
  ];
}

/** Every way the credential may be put in a request, well-formed or not. */
function variants(secret: string): [string, string, string[]][] {
  return [
    ['Bearer', 'GET', ['Authorization', `Bearer ${secret}`]],
    ['X-API-Key', 'GET', ['X-API-Key', secret]],
    ['lower-case bearer', 'GET', ['Authorization', `bearer ${secret}`]],
    ['Basic', 'GET', ['Authorization', `Basic ${secret}`]],
    ['no scheme', 'GET', ['Authorization', secret]],
    ['junk after it', 'GET', ['Authorization', `Bearer ${secret} trailing`]],
    ['twice', 'GET', ['Authorization', `Bearer ${secret}`, 'Authorization', `Bearer ${secret}`]],
    ['8 KB of padding', 'GET', ['X-API-Key', secret + 'A'.repeat(8192)]],
    ['as a content type', 'POST', ['content-type', `text/${secret}`]],
  ];
}
const PATHS = (secret: string) => ['/verify', '/verify?method=POST', '/graphql', `/no/such/route/${secret}`, `/verify?key=${secret}`, '/readyz'];

describe('no response echoes a presented credential', () => {
  it('in any header, at any path, in any status; nor does any log line of those requests', async () => {
    const presented = credentialsOf(await k.signedUp('Secret Keepers'));
    const from = k.logs.length;
    for (const { value } of presented) {
      for (const [, method, headers] of variants(value)) {
        for (const path of PATHS(value)) {
          const body = path === '/graphql' ? gqlBody('{ organizations { id } }') : method === 'POST' ? 'x' : undefined;
          const contentType = path === '/graphql' && !headers.includes('content-type') ? ['content-type', 'application/json'] : [];
          const res = await rawRequest(k.url, method, path, [...contentType, ...headers], body);
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.text).not.toContain(value);
          expect(JSON.stringify(res.headers)).not.toContain(value);
        }
      }
    }
    const lines = k.logs.slice(from);
    expect(lines.length).toBeGreaterThan(0);
    for (const { label, value } of presented)
      expect(
        lines.filter((line) => line.includes(value)),
        label,
      ).toEqual([]);
  });

  it("even when a fault's error message quotes it (/verify 500, logged scrubbed)", async () => {
    const owner = await k.signedUp();
    const keyAuth = k.keyhold.services.keyAuth as unknown as { authenticate: (presented: string) => Promise<never> };
    keyAuth.authenticate = async (secret: string) => {
      throw new Error(`lookup exploded for ${secret}`);
    };
    try {
      const res = await k.verify({ apiKey: owner.secret });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ valid: false, error: { code: 'internal_error', message: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toContain(owner.secret);
    } finally {
      delete (keyAuth as { authenticate?: unknown }).authenticate;
    }
    expect(k.logs.some((line) => line.includes('lookup exploded for sk_live_[REDACTED]'))).toBe(true);
  });

  it("even when a resolver's error quotes the caller's token (GraphQL, masked)", async () => {
    const owner = await k.signedUp();
    const orgs = k.keyhold.services.orgs as unknown as { listForCaller: () => Promise<never> };
    orgs.listForCaller = async () => {
      throw new Error(`no organizations for ${owner.user.idToken}`);
    };
    try {
      const res = await k.gql('{ organizations { id } }', {}, { token: owner.user.idToken });
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          message: 'Something went wrong on our side; retry, and quote the request id if it persists.',
          extensions: { code: 'UNAVAILABLE' },
        }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain(owner.user.idToken);
    } finally {
      delete (orgs as { listForCaller?: unknown }).listForCaller;
    }
    expect(k.logs.some((line) => line.includes('no organizations for [REDACTED_TOKEN]'))).toBe(true);
  });
});

describe('at rest', () => {
  async function everyStoredDocument(): Promise<string> {
    const db = k.keyhold.services.db.connection.db!;
    const collections = await db.listCollections().toArray();
    const docs = await Promise.all(collections.map((c) => db.collection(c.name).find({}).toArray()));
    return JSON.stringify(docs);
  }

  it('the webhook secret is sealed (AES-256-GCM), never stored in clear', async () => {
    const owner = await k.signedUp();
    const org = await k.models.organizations.findById(owner.orgId).lean().exec();
    expect(org?.webhookSecretSealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const stored = await everyStoredDocument();
    expect(stored).not.toContain(owner.webhookSecret);
    expect(stored).not.toContain(owner.webhookSecret.slice('whsec_'.length));
    expect(stored).not.toContain('whsec_');
  });

  it('the sealed secret opens only with the configured key, and only for its own org', async () => {
    const owner = await k.signedUp();
    const sealed = (await k.models.organizations.findById(owner.orgId).lean().exec())!.webhookSecretSealed!;
    const box = new SecretBox(k.keyhold.services.config.secretsKey.key);
    expect(box.open(sealed, owner.orgId)).toBe(owner.webhookSecret);
    expect(() => box.open(sealed, 'org_someoneelse00000000')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 1)).open(sealed, owner.orgId)).toThrow();
  });

  it('an API key is stored as its sha256 only', async () => {
    const owner = await k.signedUp();
    const key = await k.models.apiKeys.findById(owner.keyId).lean().exec();
    expect(key?.hash).toBe(createHash('sha256').update(owner.secret).digest('hex'));
    const stored = await everyStoredDocument();
    expect(stored).not.toContain(owner.secret);
    expect(stored).not.toContain(owner.secret.slice(12));
  });
});

describe('the logger', () => {
  function capture() {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    return { logger, lines };
  }
  const key = 'sk_live_Ab3xQ9mP2rT7vW1yZ4cF8hJ0kL6n';
  const whsec = 'whsec_Zq8Rt2Wy5Uc1Ie7Ob3Ad9Gf4Hj6Kl0Mx';
  const jwt = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyMTIzIn0.';

  it('redacts credential headers by path, whatever they hold', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer something-opaque', 'x-api-key': 'opaque-too', cookie: 'session=1', accept: 'text/html' } } }, 'in');
    logger.info({ headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 'out');
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first.req.headers).toEqual({ authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', cookie: '[REDACTED]', accept: 'text/html' });
    expect(second.headers).toEqual({ authorization: '[REDACTED]' });
  });

  it('redacts fields named like secrets', () => {
    const { logger, lines } = capture();
    logger.info({ result: { secret: 'anything', webhookSecret: 'anything', idToken: 'anything', password: 'hunter2', name: 'kept' } }, 'named');
    expect(JSON.parse(lines[0]!).result).toEqual({
      secret: '[REDACTED]',
      webhookSecret: '[REDACTED]',
      idToken: '[REDACTED]',
      password: '[REDACTED]',
      name: 'kept',
    });
  });

  it('scrubs secret-shaped values anywhere in a line: message, nested error, URL', () => {
    const { logger, lines } = capture();
    logger.info(`minted ${key}`);
    logger.error({ err: new Error(`failed with ${whsec} and ${jwt}`) }, 'boom');
    logger.info({ url: `/verify?key=${key}&t=${jwt}` }, 'request');
    const all = lines.join('');
    for (const secret of [key, whsec, jwt, key.slice(8), whsec.slice(6)]) expect(all).not.toContain(secret);
    expect(JSON.parse(lines[0]!).msg).toBe('minted sk_live_[REDACTED]');
    expect(JSON.parse(lines[2]!).url).toBe('/verify?key=sk_live_[REDACTED]&t=[REDACTED_TOKEN]');
  });

  it('scrubSecrets leaves ids and ordinary text alone; anything after sk_live_ goes, even a short prefix', () => {
    expect(scrubSecrets('key key_AbCdEfGhIjKlMnOpQrSt of org org_AbCdEfGhIjKlMnOpQrSt, prefix sk_live_Ab3x')).toBe(
      'key key_AbCdEfGhIjKlMnOpQrSt of org org_AbCdEfGhIjKlMnOpQrSt, prefix sk_live_[REDACTED]',
    );
    expect(scrubSecrets('nothing secret here')).toBe('nothing secret here');
  });
});
