import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptSecretsKey, SecretsKeyError } from '../../src/secrets/secrets-key-file.js';
import { tempDataDir } from '../embedded-db/target.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await tempDataDir();
  dirs.push(dir);
  return dir;
}

async function refused(dir: string, fromEnvironment: Buffer | null): Promise<string> {
  const err = await keptSecretsKey(dir, './data', fromEnvironment).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SecretsKeyError);
  return (err as Error).message;
}

describe('the secrets key of a data directory', () => {
  it('is made on its first start, kept with mode 0600, and the same at every start after', async () => {
    const dir = await dataDir();
    const first = await keptSecretsKey(dir, './data', null);
    expect(first.source).toBe('data-dir');
    expect(first.key).toHaveLength(32);
    expect((await stat(path.join(dir, 'secrets.key'))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['secrets.check', 'secrets.key']);
    expect((await keptSecretsKey(dir, './data', null)).key.equals(first.key)).toBe(true);
  });

  it('checks a key with a MAC of a constant: neither the key nor its plain hash is in the check file', async () => {
    const dir = await dataDir();
    const { key } = await keptSecretsKey(dir, './data', null);
    const check = await readFile(path.join(dir, 'secrets.check'), 'utf8');
    for (const form of [
      key.toString('base64'),
      key.toString('hex'),
      createHash('sha256').update(key).digest('base64'),
      createHash('sha256').update(key).digest('hex'),
    ]) {
      expect(check).not.toContain(form);
    }
  });

  it('SECRETS_KEY wins, is not written down, and is what the directory then expects', async () => {
    const dir = await dataDir();
    const fromEnvironment = randomBytes(32);
    expect(await keptSecretsKey(dir, './data', fromEnvironment)).toEqual({ key: fromEnvironment, source: 'environment' });
    expect(await readdir(dir)).toEqual(['secrets.check']);
    expect((await keptSecretsKey(dir, './data', fromEnvironment)).key.equals(fromEnvironment)).toBe(true);
    expect(await refused(dir, null)).toBe(
      'DATA_DIR ./data holds webhook secrets sealed with a key it does not keep (no secrets.key): set SECRETS_KEY to that key',
    );
    expect(await readdir(dir)).toEqual(['secrets.check']);
  });

  it('refuses a SECRETS_KEY other than the one that sealed the directory', async () => {
    const dir = await dataDir();
    await keptSecretsKey(dir, './data', null);
    expect(await refused(dir, randomBytes(32))).toMatch(/^SECRETS_KEY is not the key that sealed the webhook secrets in DATA_DIR \.\/data/);
  });

  it('refuses a secrets.key that is not the one that sealed the directory, or is damaged, and leaves it as it is', async () => {
    const dir = await dataDir();
    await keptSecretsKey(dir, './data', null);
    const replaced = `${randomBytes(32).toString('base64')}\n`;
    await writeFile(path.join(dir, 'secrets.key'), replaced);
    expect(await refused(dir, null)).toMatch(/^DATA_DIR \.\/data: secrets\.key is not the key that sealed its webhook secrets/);
    await writeFile(path.join(dir, 'secrets.key'), 'not base64!');
    expect(await refused(dir, null)).toBe('DATA_DIR ./data: secrets.key is not 32 bytes of base64; it was left as it is');
    expect(await readFile(path.join(dir, 'secrets.key'), 'utf8')).toBe('not base64!');
  });
});
