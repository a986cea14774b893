import { open, readFile, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { DataDirError } from './data-dir-error.js';

export interface DirLock {
  release(): Promise<void>;
}

export type LockMethod = 'socket' | 'pid-file';

const PID_FILE = 'keyhold.pid';
/** Pid files this process holds: its own pid in one is not a stale lock. */
const heldPidFiles = new Set<string>();
const ASK_PID_TIMEOUT_MS = 1000;

/**
 * One process per data directory. LMDB itself lets several processes share a store, but two
 * servers each holding the whole store in memory would overwrite each other's changes.
 *
 * On Linux the lock is a listening socket in the abstract namespace, named after the
 * directory's device and inode: the kernel frees it the moment its process dies (kill -9
 * included), it cannot go stale, and two processes can never both bind it. It answers any
 * connection with its pid, for the message. Elsewhere a pid file, taken over when its process
 * is gone (two processes starting at the very same moment on a stale file could both win).
 */
export function lockDirectory(dir: string, shownAs: string, method: LockMethod = defaultMethod()): Promise<DirLock> {
  return method === 'socket' ? lockWithSocket(dir, shownAs) : lockWithPidFile(dir, shownAs);
}

function defaultMethod(): LockMethod {
  return process.platform === 'linux' ? 'socket' : 'pid-file';
}

const inUse = (shownAs: string, pid: number | undefined) =>
  new DataDirError(
    shownAs,
    `is in use by another process${pid ? ` (pid ${pid})` : ''}: a Keyhold server or npm run db already serves it; stop that one, or choose another directory`,
  );

async function lockWithSocket(dir: string, shownAs: string): Promise<DirLock> {
  const { dev, ino } = await stat(dir);
  const name = `\0keyhold-data-dir:${dev}:${ino}`;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${process.pid}\n`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(name, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw inUse(shownAs, await askPid(name));
    throw err;
  }
  // The lock must not keep the process alive on its own.
  server.unref();
  return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function askPid(name: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(name);
    const done = () => {
      socket.destroy();
      const pid = Number.parseInt(answer, 10);
      resolve(Number.isInteger(pid) && pid > 0 ? pid : undefined);
    };
    socket.setTimeout(ASK_PID_TIMEOUT_MS, done);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
  });
}

async function lockWithPidFile(dir: string, shownAs: string): Promise<DirLock> {
  const file = path.join(dir, PID_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldPidFiles.add(file);
      return {
        release: async () => {
          heldPidFiles.delete(file);
          await unlink(file).catch(() => {});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (heldPidFiles.has(file)) throw inUse(shownAs, process.pid);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw inUse(shownAs, pid);
    // Its process is gone (kill -9, a crash): the lock is stale.
    await unlink(file).catch(() => {});
  }
  throw inUse(shownAs, undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
