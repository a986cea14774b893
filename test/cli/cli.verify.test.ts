// keyhold verify (GET /verify, no login), keyhold check (offline), bad usage (exit 2) and an
// unreachable Keyhold (one line, exit 1).
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyChecksum } from '../../src/core/key-format.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, revoke, type MintedKey } from '../verify/support.js';
import { useCliHome } from './support.js';

const k = useKeyhold();
const cli = useCliHome(() => k.url);
let key: MintedKey;

beforeAll(async () => {
  key = await mintKey(k, { name: 'worker', access: 'READ_ONLY' });
});

describe('keyhold verify', () => {
  it('shows a good key as a record, with its rate limit, and never the key', async () => {
    const res = await cli.run(['verify', key.secret]);

    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `^valid +yes\nkey +${key.id}\norg +${key.orgId}\nproject +-\nname +worker\naccess +read_only\nexpires +never\nrate limit +\\d+/1000 left this minute, resets in \\d+ s\n$`,
      ),
    );
    expect(res.stdout + res.stderr).not.toContain(key.secret);
  });

  it("--json prints /verify's own answer", async () => {
    const res = await cli.run(['verify', '--json', key.secret]);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ valid: true, key_id: key.id, org_id: key.orgId, name: 'worker', access: 'read_only', expires_at: null });
  });

  it('--method holds a read-only key to safe methods: exit 1 with the reason', async () => {
    const res = await cli.run(['verify', '--method', 'post', key.secret]);

    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^error: Not valid: This API key is read-only.* \(forbidden\)\n$/);
  });

  it('a revoked key: exit 1; with --json the answer on stdout and the error on stderr', async () => {
    const revoked = await mintKey(k);
    await revoke(k, revoked);

    const res = await cli.run(['verify', '--json', '-'], { input: revoked.secret });

    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.any(String) } });
    expect(JSON.parse(res.stderr).error.code).toBe('invalid_api_key');
  });
});

describe('keyhold check (offline)', () => {
  const first30 = 'sk_live_' + 'Ab3xQ9'.repeat(3) + 'Zk7p';
  const good = first30 + keyChecksum(first30);

  it('accepts a well-formed key whose checksum matches, showing only its prefix', async () => {
    const res = await cli.run(['check', good], { env: { KEYHOLD_URL: 'http://127.0.0.1:1' } });

    expect(res.code).toBe(0);
    expect(res.stdout).toBe('sk_live_Ab3x…: well-formed, checksum matches. (Only Keyhold can tell whether it is active: keyhold verify.)\n');
  });

  it('tells a typo by its checksum, and says what is malformed (exit 1)', async () => {
    const typo = good.slice(0, 20) + (good[20] === 'a' ? 'b' : 'a') + good.slice(21);

    const bad = await cli.run(['check', typo]);
    const short = await cli.run(['check', '--json', 'sk_live_abc']);

    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: Not a valid Keyhold key: its checksum does not match: a typo, or not a Keyhold key.\n');
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout)).toEqual({ wellFormed: false, checksumValid: false, prefix: 'sk_live_abc', problem: 'it has 11 characters, not 36' });
  });
});

describe('bad usage exits 2', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /Usage: keyhold/],
    [['keys', 'mint', '--name', 'x'], /required option '--org <id>' not specified/],
    [['keys', 'mint', '--org', 'org_x', '--name', 'x', '--expires', 'next week'], /'--expires <iso>' argument 'next week' is invalid/],
    [['keys', 'mint', '--org', 'org_x', '--name', 'x', '--rate-limit', '0'], /'--rate-limit <n>' argument '0' is invalid/],
    [['signup', '--org', 'A', '--existing-org', 'org_x'], /exactly one of --org <name> and --existing-org <id>/],
    [['verify'], /missing required argument 'key'/],
    [['orgs', '--colour'], /unknown option '--colour'/],
  ])('keyhold %j', async (args, message) => {
    const res = await cli.run(args);

    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });

  it('--help is not an error', async () => {
    const res = await cli.run(['keys', 'mint', '--help']);

    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--rate-limit <n>');
  });
});

describe('an unreachable Keyhold', () => {
  it('is one clear line and exit 1, for verify and for an authenticated command alike', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    const env = { KEYHOLD_URL: `http://127.0.0.1:${port}`, KEYHOLD_TOKEN: 'eyJhbGciOiJub25lIn0.e30.' };

    const verify = await cli.run(['verify', key.secret], { env });
    const orgs = await cli.run(['orgs'], { env });

    for (const res of [verify, orgs]) {
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(
        new RegExp(
          `^error: Cannot reach Keyhold at http://127\\.0\\.0\\.1:${port}/\\S+ \\(connection refused\\)\\. Is Keyhold running\\? KEYHOLD_URL says where it is\\.\\n$`,
        ),
      );
    }
  });
});
