/**
 * Opening a data directory: a new one is made, anything else that is not a Keyhold store is
 * refused with a message naming the directory, and a refusal leaves the directory as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { open as openLmdb } from 'lmdb';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirError, startEmbeddedMongo } from '../../src/embedded-db/index.js';
import { lockDirectory } from '../../src/embedded-db/storage/dir-lock.js';
import { onRealMongo, tempDataDir } from './target.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<string> {
  const dir = await tempDataDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file's name and content hash: what "left as it was" means. */
async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    // LMDB rewrites its lock file (reader slots) whenever it opens a store; it holds no data.
    if (name.endsWith('-lock')) continue;
    out[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
  }
  return out;
}

async function refusal(dir: string): Promise<DataDirError> {
  const before = await contents(dir);
  const err = await startEmbeddedMongo({ dataDir: dir }).then(
    async (db) => {
      await db.close();
      throw new Error(`${dir} was opened`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataDirError);
  expect((err as DataDirError).message.startsWith(dir)).toBe(true);
  expect(await contents(dir)).toEqual(before);
  return err as DataDirError;
}

/** A store of ours, written and closed. */
async function storeIn(dir: string): Promise<void> {
  const db = await startEmbeddedMongo({ dataDir: dir });
  await db.close();
}

describe.skipIf(onRealMongo)('a new data directory', () => {
  it('is made where it is missing, parents included, readable by its owner only', async () => {
    const dir = path.join(await scratch(), 'a', 'b');
    const db = await startEmbeddedMongo({ dataDir: dir });
    await db.close();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toContain('data.mdb');
  });

  it('an empty directory, or a data.mdb left empty by a first start that died, opens as new', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'data.mdb'), '');
    await storeIn(dir);
    await storeIn(dir);
  });
});

describe.skipIf(onRealMongo)('a directory that is not a Keyhold store is refused and left as it was', () => {
  it('one holding other files', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'WiredTiger'), 'WiredTiger 11.2.0');
    await writeFile(path.join(dir, 'collection-0.wt'), 'x');
    const err = await refusal(dir);
    expect(err.problem).toMatch(/^is not a Keyhold data directory: it holds other files \(WiredTiger, collection-0\.wt\)/);
  });

  it('a data.mdb that is not an LMDB file', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'data.mdb'), 'this is a text file\n'.repeat(500));
    expect((await refusal(dir)).problem).toMatch(/not a Keyhold store or is damaged \(not an LMDB file\)/);
  });

  it('a data.mdb cut short', async () => {
    const dir = await scratch();
    const db = await startEmbeddedMongo({ dataDir: dir });
    const client = await MongoClient.connect(db.uri);
    await client
      .db('app')
      .collection('c')
      .insertMany(Array.from({ length: 2000 }, (_, i) => ({ i, pad: 'x'.repeat(200) })));
    await client.close();
    await db.close();
    await truncate(path.join(dir, 'data.mdb'), 3 * 4096);
    expect((await refusal(dir)).problem).toMatch(/damaged \(cut short/);
  });

  it("another program's LMDB database", async () => {
    const dir = await scratch();
    const other = openLmdb({ path: path.join(dir, 'data.mdb'), noSubdir: true });
    await other.put('session:1', { user: 'ada' });
    await other.close();
    expect((await refusal(dir)).problem).toMatch(/LMDB database written by another program/);
  });

  it('a store written by a newer Keyhold', async () => {
    const dir = await scratch();
    await storeIn(dir);
    const env = openLmdb({ path: path.join(dir, 'data.mdb'), noSubdir: true, maxDbs: 3 });
    env.openDB<string, string>({ name: 'meta', encoding: 'string' }).putSync('format', JSON.stringify({ name: 'keyhold-embedded-db', version: 99 }));
    await env.close();
    expect((await refusal(dir)).problem).toMatch(/written by a newer Keyhold \(data format 99/);
  });

  it('a file, not a directory', async () => {
    const file = path.join(await scratch(), 'data');
    await writeFile(file, 'x');
    const err = await startEmbeddedMongo({ dataDir: file }).catch((e: unknown) => e);
    expect((err as DataDirError).message).toBe(`${file} is not a directory`);
  });

  it('one holding a secrets key but no store: its data is gone', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'secrets.key'), 'x');
    expect((await refusal(dir)).problem).toMatch(/holds a secrets key but no data\.mdb/);
  });
});

describe.skipIf(onRealMongo)('one process per data directory', () => {
  it('refuses a directory another server holds, naming its pid; frees it on close', async () => {
    const dir = await scratch();
    const first = await startEmbeddedMongo({ dataDir: dir });
    const err = await startEmbeddedMongo({ dataDir: dir }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `${dir} is in use by another process (pid ${process.pid}): a Keyhold server or npm run db already serves it; stop that one, or choose another directory`,
    );
    await first.close();
    await storeIn(dir);
  });

  it('with a pid file (where there is no abstract socket): refuses a live holder, takes over a dead one', async () => {
    const dir = await scratch();
    await mkdir(dir, { recursive: true });
    // The parent of this worker is alive and is not this process.
    await writeFile(path.join(dir, 'keyhold.pid'), `${process.ppid}\n`);
    await expect(lockDirectory(dir, dir, 'pid-file')).rejects.toThrow(`in use by another process (pid ${process.ppid})`);

    const gone = spawn(process.execPath, ['-e', '0']);
    await once(gone, 'exit');
    await writeFile(path.join(dir, 'keyhold.pid'), `${gone.pid}\n`);
    const lock = await lockDirectory(dir, dir, 'pid-file');
    expect(await readFile(path.join(dir, 'keyhold.pid'), 'utf8')).toBe(`${process.pid}\n`);
    await expect(lockDirectory(dir, dir, 'pid-file')).rejects.toThrow(`(pid ${process.pid})`);
    await lock.release();
    expect(await readdir(dir)).not.toContain('keyhold.pid');
  });
});
