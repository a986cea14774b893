/**
 * Opening a data directory: create it if it does not exist, refuse one that holds somebody
 * else's files or a damaged store, take the directory's lock, then open the store. Nothing
 * that is already there is ever written over: every refusal leaves the directory as it was.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataDirError } from './data-dir-error.js';
import { lockDirectory, type DirLock, type LockMethod } from './dir-lock.js';
import { LmdbStorage } from './lmdb-storage.js';

export const DATA_FILE = 'data.mdb';
/** Files a data directory may hold besides the store (LMDB's lock file, the secrets key…). */
const COMPANION_FILES = new Set([`${DATA_FILE}-lock`, 'keyhold.pid', 'secrets.key', 'secrets.check']);

export interface OpenedDataDir {
  /** Absolute path. */
  readonly dir: string;
  readonly storage: LmdbStorage;
  readonly lock: DirLock;
}

export async function openDataDir(given: string, opts: { lockMethod?: LockMethod } = {}): Promise<OpenedDataDir> {
  const dir = path.resolve(given);
  await ensureDirectory(dir, given);
  await refuseForeign(dir, given);
  const lock = await lockDirectory(dir, given, opts.lockMethod);
  try {
    // Under the lock: another server may have been creating the store a moment ago.
    checkDataFile(path.join(dir, DATA_FILE), given);
    const storage = LmdbStorage.open(path.join(dir, DATA_FILE), given);
    return { dir, storage, lock };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

function fsProblem(given: string, err: NodeJS.ErrnoException): DataDirError {
  const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : (err.code ?? err.message);
  return new DataDirError(given, `cannot be used: ${why}`);
}

async function ensureDirectory(dir: string, given: string): Promise<void> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new DataDirError(given, 'is not a directory');
  } catch (err) {
    if (err instanceof DataDirError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fsProblem(given, err as NodeJS.ErrnoException);
    // Only its owner may read what it will hold (the secrets key among it).
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      throw fsProblem(given, e);
    });
  }
}

/** A directory with files but no store of ours is someone else's: a home directory, a mongod dbpath. */
async function refuseForeign(dir: string, given: string): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    throw fsProblem(given, e);
  });
  if (names.includes(DATA_FILE)) return;
  const others = names.filter((n) => !n.startsWith('.') && !COMPANION_FILES.has(n));
  if (others.length > 0) {
    const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
    throw new DataDirError(
      given,
      `is not a Keyhold data directory: it holds other files (${shown}) and no ${DATA_FILE}; it was left as it is: choose an empty or new directory`,
    );
  }
  if (names.includes('secrets.key') || names.includes('secrets.check')) {
    throw new DataDirError(given, `holds a secrets key but no ${DATA_FILE}: its data is gone or was moved; it was left as it is`);
  }
}

/**
 * The LMDB header, checked before LMDB reads the file: given anything else (or a file cut
 * short, whose missing pages it would map) it crashes the process instead of failing. A page
 * holds a 24-byte header, then the meta record: magic at 24, version at 28, page size at 48,
 * last page at 144, transaction id at 152. Pages 0 and 1 are the two meta pages.
 */
function checkDataFile(file: string, given: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fsProblem(given, err as NodeJS.ErrnoException);
  }
  try {
    const size = fstatSync(fd).size;
    // A first start that died while LMDB was creating the file: nothing was stored yet.
    if (size === 0) return;
    const problem = lmdbHeaderProblem(fd, size);
    if (problem) {
      throw new DataDirError(
        given,
        `holds a ${DATA_FILE} that is not a Keyhold store or is damaged (${problem}); it was left as it is: move it away, or choose another directory`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

const LMDB_MAGIC = 0xbeefc0de;
const LMDB_DATA_VERSION = 2;
const P_META = 0x08;

function lmdbHeaderProblem(fd: number, size: number): string | undefined {
  const read = (offset: number, length: number): Buffer | undefined => {
    if (offset + length > size) return undefined;
    const buf = Buffer.alloc(length);
    return readSync(fd, buf, 0, length, offset) === length ? buf : undefined;
  };
  const first = read(0, 160);
  if (!first || first.readUInt32LE(24) !== LMDB_MAGIC) return 'not an LMDB file';
  const pageSize = first.readUInt32LE(48);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'not an LMDB file';
  let lastPage = 0n;
  for (const page of [0, 1]) {
    const meta = read(page * pageSize, 160);
    if (!meta) return `cut short at ${size} bytes`;
    if ((meta.readUInt16LE(18) & P_META) === 0 || meta.readUInt32LE(24) !== LMDB_MAGIC) return 'not an LMDB file';
    if (meta.readUInt32LE(28) !== LMDB_DATA_VERSION) return `LMDB data version ${meta.readUInt32LE(28)}, not ${LMDB_DATA_VERSION}`;
    const last = meta.readBigUInt64LE(144);
    if (last > lastPage) lastPage = last;
  }
  const needed = (lastPage + 1n) * BigInt(pageSize);
  if (BigInt(size) < needed) return `cut short: ${size} bytes of ${needed}`;
  return undefined;
}
