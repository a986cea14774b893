// keyhold signup, orgs and keys list|mint|revoke|roll against a real Keyhold: tables for people,
// --json for scripts, a new secret printed once and alone on stdout, exit 1 on a refused call.
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaHas, until } from '../client/schema.js';
import type { TestUser } from '../support/firebase-tokens.js';
import { useKeyhold } from '../support/harness.js';
import { cells, useCliHome, type CliResult } from './support.js';

const k = useKeyhold();
const cli = useCliHome(() => k.url);
const SECRET = /^sk_live_[A-Za-z0-9]{28}$/;

let owner: TestUser;
let orgId: string;

/** Records every secret a command printed, so the harness fails the file if one reaches a log. */
function keep(res: CliResult): CliResult {
  for (const secret of res.stdout.match(/sk_live_[A-Za-z0-9]{28}|whsec_[A-Za-z0-9]{32}/g) ?? []) k.secrets.add(secret);
  return res;
}
const run = async (...args: string[]) => keep(await cli.run(args));

beforeAll(async () => {
  owner = await k.user();
  expect((await cli.run(['login', '--token', owner.idToken])).code).toBe(0);
  const signup = await run('signup', '--org', 'Acme', '--json');
  orgId = JSON.parse(signup.stdout).orgId;
});

describe('keyhold signup', () => {
  it('prints only the two secrets on stdout, as .env lines, and tells the rest on stderr', async () => {
    const res = await run('signup', '--org', 'Globex');

    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^KEYHOLD_API_KEY=sk_live_[A-Za-z0-9]{28}\nKEYHOLD_WEBHOOK_SECRET=whsec_[A-Za-z0-9]{32}\n$/);
    expect(res.stderr).toMatch(
      /^Created organization org_\w+ "Globex"; you are its OWNER\.\nIts API key: key_\w+ "[^"]+" \(sk_live_\w{4}…, FULL_ACCESS, \d+\/min\)\.\nThe secrets below are shown once/,
    );
    expect(res.stderr).not.toMatch(/sk_live_[A-Za-z0-9]{28}|whsec_/);
  });

  it('--json prints the whole payload', async () => {
    const res = await run('signup', '--org', 'Initech', '--json');

    expect(res.code).toBe(0);
    const payload = JSON.parse(res.stdout);
    expect(payload).toMatchObject({
      orgId: expect.stringMatching(/^org_/),
      secret: expect.stringMatching(SECRET),
      webhookSecret: expect.stringMatching(/^whsec_/),
    });
    expect(payload.apiKey).toMatchObject({ orgId: payload.orgId, access: 'FULL_ACCESS', status: 'ACTIVE' });
  });

  it('--existing-org turns API access on for an organization the caller runs', async () => {
    const res = await run('signup', '--existing-org', orgId, '--json');

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).orgId).toBe(orgId);
  });
});

describe('keyhold orgs', () => {
  it('lists the organizations as a table, and as JSON', async () => {
    const table = await run('orgs');
    const json = await run('orgs', '--json');

    expect(table.code).toBe(0);
    const rows = cells(table.stdout);
    expect(rows[0]).toEqual(['ID', 'NAME', 'ROLE', 'CREATED']);
    expect(rows).toContainEqual([orgId, 'Acme', 'OWNER', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)]);
    expect(JSON.parse(json.stdout)).toContainEqual({ id: orgId, name: 'Acme', role: 'OWNER', createdAt: expect.any(String) });
  });
});

describe('keyhold keys mint', () => {
  it('prints the secret alone on stdout, once, and the key on stderr', async () => {
    const res = await run('keys', 'mint', '--org', orgId, '--name', 'ci deploys');

    expect(res.code).toBe(0);
    expect(res.stdout.trimEnd()).toMatch(SECRET);
    expect(res.stderr).toMatch(/^Minted key_\w+ "ci deploys" \(sk_live_\w{4}…, FULL_ACCESS, 20\/min\)\.\nThe secret below is shown once/);
    expect((await k.verify({ apiKey: res.stdout.trim() })).status).toBe(200);
  });

  it('takes --read-only, --expires and --rate-limit', async () => {
    const expires = new Date(k.clock.now() + 7 * 86_400_000).toISOString();

    const res = await run('keys', 'mint', '--org', orgId, '--name', 'reports', '--read-only', '--expires', expires, '--rate-limit', '300', '--json');

    expect(res.code).toBe(0);
    const { secret, apiKey } = JSON.parse(res.stdout);
    expect(secret).toMatch(SECRET);
    expect(apiKey).toMatchObject({ name: 'reports', access: 'READ_ONLY', expiresAt: expires, rateLimitPerMinute: 300 });
  });

  it('exits 1 with the contract code when Keyhold refuses: BAD_USER_INPUT names the field', async () => {
    const res = await run('keys', 'mint', '--org', orgId, '--name', 'x', '--rate-limit', '2000000');

    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^error: .+ \(BAD_USER_INPUT, field rateLimitPerMinute\)\n$/);
  });

  it('exits 1 with NOT_FOUND for an organization the caller cannot see, as JSON with --json', async () => {
    const res = await run('keys', 'mint', '--org', 'org_00000000000000000000', '--name', 'x', '--json');

    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(JSON.parse(res.stderr)).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it.skipIf(!schemaHas('MintKeyInput.projectId'))(`--project limits the key to a project${until('MintKeyInput.projectId')}`, async () => {
    const created = await k.gql('mutation($orgId: ID!) { createProject(orgId: $orgId, name: "web") { id } }', { orgId }, { token: owner.idToken });
    const projectId = created.body.data.createProject.id;

    const res = await run('keys', 'mint', '--org', orgId, '--name', 'web only', '--project', projectId);

    expect(res.code).toBe(0);
    expect((await k.verify({ apiKey: res.stdout.trim() })).body.project_id).toBe(projectId);
  });
});

describe('keyhold keys list and revoke', () => {
  it('lists the keys as a table and as JSON; revoke takes one out of the default listing', async () => {
    const minted = JSON.parse((await run('keys', 'mint', '--org', orgId, '--name', 'to revoke', '--json')).stdout);

    const before = await run('keys', 'list', '--org', orgId);
    const revoked = await run('keys', 'revoke', minted.apiKey.id);
    const after = await run('keys', 'list', '--org', orgId, '--json');
    const all = await run('keys', 'list', '--org', orgId, '--all', '--json');

    expect(before.code).toBe(0);
    const rows = cells(before.stdout);
    expect(rows[0]).toEqual(['ID', 'NAME', 'PREFIX', 'ACCESS', 'STATUS', 'LIMIT/MIN', 'LAST USED', 'EXPIRES']);
    expect(rows).toContainEqual([minted.apiKey.id, 'to revoke', minted.apiKey.prefix, 'FULL_ACCESS', 'ACTIVE', '20', '-', '-']);
    expect(before.stdout).not.toMatch(/sk_live_[A-Za-z0-9]{28}/);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked ${minted.apiKey.id} "to revoke" .* at \\S+Z\\.\\n$`));
    expect(JSON.parse(after.stdout).map((key: { id: string }) => key.id)).not.toContain(minted.apiKey.id);
    expect(JSON.parse(all.stdout).find((key: { id: string }) => key.id === minted.apiKey.id).status).toBe('REVOKED');
    expect((await k.verify({ apiKey: minted.secret })).status).toBe(401);
  });

  it('revoke --json prints the revoked key; an unknown id exits 1 with NOT_FOUND', async () => {
    const minted = JSON.parse((await run('keys', 'mint', '--org', orgId, '--name', 'gone', '--json')).stdout);

    const json = await run('keys', 'revoke', minted.apiKey.id, '--json');
    const unknown = await run('keys', 'revoke', 'key_00000000000000000000');

    expect(JSON.parse(json.stdout)).toMatchObject({ id: minted.apiKey.id, status: 'REVOKED' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/\(NOT_FOUND\)\n$/);
  });
});

describe('keyhold keys roll', () => {
  it.skipIf(!schemaHas('Mutation.rollKey'))(
    `prints the new secret alone on stdout; both keys verify during the grace${until('Mutation.rollKey')}`,
    async () => {
      const minted = JSON.parse((await run('keys', 'mint', '--org', orgId, '--name', 'rolling', '--json')).stdout);

      const res = await run('keys', 'roll', minted.apiKey.id, '--grace', '60');

      expect(res.code).toBe(0);
      expect(res.stdout.trimEnd()).toMatch(SECRET);
      expect(res.stderr).toContain(`Rolled ${minted.apiKey.id} into key_`);
      expect((await k.verify({ apiKey: res.stdout.trim() })).status).toBe(200);
      expect((await k.verify({ apiKey: minted.secret })).status).toBe(200);
    },
  );

  it('refuses a grace that is not a whole number as bad usage (exit 2), before any call', async () => {
    const res = await run('keys', 'roll', 'key_00000000000000000000', '--grace', 'soon');

    expect(res.code).toBe(2);
    expect(res.stderr).toContain("option '--grace <seconds>' argument 'soon' is invalid");
  });
});
