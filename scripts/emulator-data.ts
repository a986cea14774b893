// The Auth Emulator's accounts, kept across `npm run dev` restarts in DATA_DIR/auth-emulator/.
//
// firebase-tools exports on a clean exit (--export-on-exit) by deleting the target directory and
// then moving a fresh export into it, across file systems a copy: a run killed in between would
// lose everything, or leave half an export that the next --import chokes on. So the emulator
// never writes where it reads. It imports from current/ and exports to next/; only an export
// that reads back whole is promoted, by renames:
//   current/ → previous/, next/ → current/, then previous/ is removed.
// A start after any interruption finishes or undoes that (see prepareEmulatorData), so at every
// moment one complete export is either current/ or previous/.
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const METADATA = 'firebase-export-metadata.json';

export interface EmulatorData {
  /** The export to start from, or null on a first run. */
  importFrom: string | null;
  /** Where the emulator writes its export at exit. */
  exportTo: string;
  /** How many accounts the import holds. */
  accounts: number;
}

export async function prepareEmulatorData(dataDir: string, warn: (line: string) => void = (line) => console.error(line)): Promise<EmulatorData> {
  const root = path.join(dataDir, 'auth-emulator');
  const [current, next, previous] = ['current', 'next', 'previous'].map((d) => path.join(root, d)) as [string, string, string];
  await mkdir(root, { recursive: true });

  // An export finished after its run was killed (the emulator exports when its parent dies) is
  // the newest whole one; a partial one is dropped.
  if (existsSync(next)) {
    if ((await readExport(next)) !== null) await promoteExport(dataDir);
    else await rm(next, { recursive: true, force: true });
  }
  // A promotion interrupted between its two renames.
  if (!existsSync(current) && existsSync(previous) && (await readExport(previous)) !== null) await rename(previous, current);
  await rm(previous, { recursive: true, force: true });

  let accounts = existsSync(current) ? await readExport(current) : null;
  if (existsSync(current) && accounts === null) {
    // Never delete what cannot be read: put it aside and start empty.
    const aside = path.join(root, `unreadable-${Date.now()}`);
    await rename(current, aside);
    warn(`[dev] ${current} could not be read; moved to ${aside}, starting with no accounts.`);
    accounts = null;
  }
  return { importFrom: accounts === null ? null : current, exportTo: next, accounts: accounts ?? 0 };
}

/** Makes next/ the current export if it reads back whole; true when it did. */
export async function promoteExport(dataDir: string): Promise<boolean> {
  const root = path.join(dataDir, 'auth-emulator');
  const [current, next, previous] = ['current', 'next', 'previous'].map((d) => path.join(root, d)) as [string, string, string];
  if (!existsSync(next) || (await readExport(next)) === null) {
    await rm(next, { recursive: true, force: true });
    return false;
  }
  await syncTree(next);
  await rm(previous, { recursive: true, force: true });
  if (existsSync(current)) await rename(current, previous);
  await rename(next, current);
  await syncTree(root, false);
  await rm(previous, { recursive: true, force: true });
  return true;
}

/** The number of accounts in a whole export, or null when any of its files is missing or torn. */
export async function readExport(dir: string): Promise<number | null> {
  try {
    const metadata = JSON.parse(await readFile(path.join(dir, METADATA), 'utf8')) as { auth?: { path?: string } };
    if (!metadata.auth?.path) return null;
    const authDir = path.join(dir, metadata.auth.path);
    const accounts = JSON.parse(await readFile(path.join(authDir, 'accounts.json'), 'utf8')) as { users?: unknown[] };
    JSON.parse(await readFile(path.join(authDir, 'config.json'), 'utf8'));
    return accounts.users?.length ?? 0;
  } catch {
    return null;
  }
}

/** fsync every file (and directory) below `dir`, so a rename never outlives the data it names. */
async function syncTree(dir: string, recurse = true): Promise<void> {
  if (recurse) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) await syncTree(child);
      else if ((await stat(child)).isFile()) await syncFile(child);
    }
  }
  await syncFile(dir);
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
