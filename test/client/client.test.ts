// The typed client against a real Keyhold: one method per operation, answers typed from the
// schema, refusals as KeyholdError with the contract's codes, no answer as KeyholdConnectionError.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, KeyholdConnectionError, KeyholdError, type ApiKey, type KeyholdClient } from '../../src/client/index.js';
import { useKeyhold } from '../support/harness.js';
import { schemaHas, until } from './schema.js';

const k = useKeyhold();
const as = (token?: string): KeyholdClient => createClient({ url: k.url, getToken: () => token });

/** A person, signed up through the client, with their organization and its first key. */
async function signedUp(orgName = 'Acme') {
  const user = await k.user();
  const client = as(user.idToken);
  const payload = await client.signup({ orgName });
  k.secrets.add(payload.secret).add(payload.webhookSecret);
  return { user, client, ...payload };
}

async function refusal(promise: Promise<unknown>): Promise<KeyholdError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KeyholdError);
  return err as KeyholdError;
}

describe('operations', () => {
  it('signup answers the organization, its first key and both secrets', async () => {
    const { user, orgId, secret, webhookSecret, apiKey } = await signedUp('Typed Org');

    expect(orgId).toMatch(/^org_/);
    expect(secret).toMatch(/^sk_live_[A-Za-z0-9]{28}$/);
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(apiKey).toMatchObject({ orgId, prefix: secret.slice(0, 12), access: 'FULL_ACCESS', status: 'ACTIVE', createdBy: user.uid, revokedAt: null });
    expectTypeOf(apiKey).toEqualTypeOf<ApiKey>();
  });

  it('organizations, organization(id), apiKeys and currentKey read what was made', async () => {
    const { client, orgId, secret, apiKey } = await signedUp('Reader Org');

    const orgs = await client.organizations();
    const org = await client.organization(orgId);
    const keys = await client.apiKeys({ orgId });
    const current = await as(secret).currentKey();

    expect(orgs).toEqual([{ id: orgId, name: 'Reader Org', role: 'OWNER', createdAt: expect.any(String) }]);
    expect(org).toEqual(orgs[0]);
    expect(keys.map((key) => key.id)).toEqual([apiKey.id]);
    expect(current?.id).toBe(apiKey.id);
    expectTypeOf(client.organizations).returns.resolves.toEqualTypeOf<{ id: string; name: string; role: 'OWNER' | 'ADMIN' | 'MEMBER'; createdAt: string }[]>();
  });

  it('mintKey takes the input and answers the secret once with the key; revokeKey answers the revoked key', async () => {
    const { client, orgId } = await signedUp();
    const expiresAt = new Date(k.clock.now() + 86_400_000).toISOString();

    const minted = await client.mintKey({ orgId, name: 'reports', access: 'READ_ONLY', rateLimitPerMinute: 7, expiresAt });
    k.secrets.add(minted.secret);
    const revoked = await client.revokeKey(minted.apiKey.id);
    const listed = await client.apiKeys({ orgId, includeRevoked: true });

    expect(minted.apiKey).toMatchObject({ name: 'reports', access: 'READ_ONLY', rateLimitPerMinute: 7, expiresAt });
    expect(revoked).toMatchObject({ id: minted.apiKey.id, status: 'REVOKED', revokedAt: expect.any(String) });
    expect(listed.find((key) => key.id === minted.apiKey.id)?.status).toBe('REVOKED');
  });

  it('takes the token from an async getToken, and a URL that already ends in /graphql', async () => {
    const { user } = await signedUp('Async Org');
    const client = createClient({ url: `${k.url}/graphql`, getToken: async () => user.idToken });

    expect((await client.organizations()).map((o) => o.name)).toEqual(['Async Org']);
  });

  it('request() sends any other document and answers its data', async () => {
    const { client, orgId } = await signedUp('Raw Org');

    const data = await client.request<{ organization: { name: string } }>('query($id: ID!) { organization(id: $id) { name } }', { id: orgId });

    expect(data).toEqual({ organization: { name: 'Raw Org' } });
  });

  it.skipIf(!schemaHas('Mutation.rollKey'))(`rollKey mints a replacement with the same settings and a new secret${until('Mutation.rollKey')}`, async () => {
    const { client, orgId } = await signedUp();
    const old = await client.mintKey({ orgId, name: 'rolling', rateLimitPerMinute: 9 });
    k.secrets.add(old.secret);

    const rolled = await client.rollKey(old.apiKey.id, { expireOldAfterSeconds: 60 });
    k.secrets.add(rolled.secret);

    expect(rolled.secret).not.toBe(old.secret);
    expect(rolled.apiKey).toMatchObject({ name: 'rolling', rateLimitPerMinute: 9, status: 'ACTIVE' });
  });
});

describe('refusals are KeyholdErrors with the contract code', () => {
  it('UNAUTHENTICATED without a credential, with the request id to quote', async () => {
    const err = await refusal(as(undefined).organizations());

    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/Sign in/);
    expect(err.requestId).toEqual(expect.any(String));
  });

  it('NOT_FOUND for an organization the caller may not see', async () => {
    const { user } = await signedUp();
    const other = await signedUp('Other');

    const err = await refusal(as(user.idToken).apiKeys({ orgId: other.orgId }));

    expect(err.code).toBe('NOT_FOUND');
  });

  it('BAD_USER_INPUT names the field', async () => {
    const { client, orgId } = await signedUp();

    const err = await refusal(client.mintKey({ orgId, name: '   ' }));

    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('FORBIDDEN for an API key calling a mutation', async () => {
    const { orgId, secret } = await signedUp();

    const err = await refusal(as(secret).mintKey({ orgId, name: 'nope' }));

    expect(err.code).toBe('FORBIDDEN');
  });

  it('RATE_LIMITED with retryAfter once a key has spent its minute', async () => {
    const { client, orgId } = await signedUp();
    const minted = await client.mintKey({ orgId, name: 'tight', rateLimitPerMinute: 1 });
    k.secrets.add(minted.secret);
    await as(minted.secret).currentKey();

    const err = await refusal(as(minted.secret).currentKey());

    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfter).toBeGreaterThan(0);
  });
});

describe('no usable answer is a KeyholdConnectionError', () => {
  let notGraphql: Server;
  let notGraphqlUrl: string;
  beforeAll(async () => {
    notGraphql = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    await new Promise<void>((resolve) => notGraphql.listen(0, '127.0.0.1', resolve));
    notGraphqlUrl = `http://127.0.0.1:${(notGraphql.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => notGraphql.close(() => resolve())));

  it('when nothing listens', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });

    const err = await createClient({ url: `http://127.0.0.1:${closed}` })
      .organizations()
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(KeyholdConnectionError);
    expect((err as Error).message).toBe(`Cannot reach Keyhold at http://127.0.0.1:${closed}/graphql (connection refused).`);
  });

  it('when something else answers', async () => {
    const err = await createClient({ url: notGraphqlUrl })
      .organizations()
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(KeyholdConnectionError);
    expect((err as Error).message).toMatch(/answered HTTP 502 with something that is not a GraphQL response/);
  });
});
