// What bench/run.ts and bench/profile.ts share: server children over IPC, and autocannon runs.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ControlReply, ControlRequest, ReadyMessage } from './child-control.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/**
 * On two cores the load generator (this process) and the server under test each get one, pinned
 * with taskset: left to the scheduler they trade places and share cores with the other idle
 * children, and a round's figure swung by a third. BENCH_PIN=0 turns it off.
 */
export const PINNED = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && hasTaskset();

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (autocannon) to CPU 0; servers go to CPU 1 as they start (startServer). */
export function pinLoadGenerator(): void {
  if (PINNED) execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
}

export interface Server {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly secrets: ReadyMessage['secrets'];
  /** CPU time used so far, and when (the child's monotonic clock). */
  cpuMicros(): Promise<{ micros: number; at: number }>;
  stop(): Promise<void>;
}

export interface Target {
  readonly name: string;
  readonly server: Server;
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Bearer secrets to rotate through, one per request. */
  readonly rotate?: readonly string[];
  readonly expectStatus: number;
}

export interface Sample {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  serverCpu: number;
  cpuPerRequest: number;
  /** When the load ran, on the server's monotonic clock (µs). */
  window: [number, number];
}

export interface StartOptions {
  /** Extra node flags (the profiler's, say). */
  readonly nodeFlags?: readonly string[];
  /**
   * Pin to the servers' core (default). The database is not pinned: in production it runs
   * elsewhere, and on the servers' core it would bill GraphQL for its own work.
   */
  readonly pin?: boolean;
  /** Where the child runs: tsx reads that folder's tsconfig.json (another checkout's, say). */
  readonly cwd?: string;
}

export async function startServer(name: string, script: string, env: Record<string, string>, opts: StartOptions = {}): Promise<Server> {
  // A clean environment: a developer's MONGODB_URI or emulator must not leak into the bench.
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  const child: ChildProcess = fork(path.resolve(here, script), [], {
    env: childEnv,
    cwd: opts.cwd,
    execArgv: ['--import', 'tsx', ...(opts.nodeFlags ?? [])],
    // Logs go where production sends them, stdout, here /dev/null: the cost of writing them is paid.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    child.once('message', (m: ReadyMessage) => resolve(m));
  });
  // Every thread of the server (libuv's pool included) shares the server's core.
  // (A child inherits this process's pin to CPU 0 at fork: an unpinned one is let float again.)
  if (PINNED) execFileSync('taskset', ['-a', '-p', '-c', opts.pin === false ? '0,1' : '1', String(child.pid)], { stdio: 'ignore' });
  const url = new URL(ready.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`${name} is not on 127.0.0.1: the bench only targets loopback`);
  let seq = 0;
  return {
    name,
    url: ready.url,
    pid: child.pid!,
    secrets: ready.secrets,
    cpuMicros: () =>
      new Promise((resolve) => {
        const id = ++seq;
        const onReply = (m: ControlReply) => {
          if (m.type !== 'cpu' || m.id !== id) return;
          child.off('message', onReply);
          resolve({ micros: m.micros, at: m.monotonicMicros });
        };
        child.on('message', onReply);
        child.send({ type: 'cpu', id } satisfies ControlRequest);
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' } satisfies ControlRequest);
      }),
  };
}

export async function measure(t: Target, seconds: number): Promise<Sample> {
  const cpuBefore = await t.server.cpuMicros();
  let turn = 0;
  const rotate = t.rotate;
  const result = await autocannon({
    url: t.server.url + t.path,
    method: t.method,
    headers: t.headers,
    body: t.body,
    requests: rotate
      ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${rotate[turn++ % rotate.length]}` } }) }]
      : undefined,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
  });
  const cpuAfter = await t.server.cpuMicros();
  const wrong = result.requests.total - (result.statusCodeStats?.[String(t.expectStatus) as `${number}`]?.count ?? 0);
  if (result.errors > 0 || wrong > 0) {
    throw new Error(`${t.name}: ${result.errors} errors, ${wrong} answers other than ${t.expectStatus} (${JSON.stringify(result.statusCodeStats)})`);
  }
  return {
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    serverCpu: (cpuAfter.micros - cpuBefore.micros) / 1e6 / result.duration,
    cpuPerRequest: (cpuAfter.micros - cpuBefore.micros) / result.requests.total,
    window: [cpuBefore.at, cpuAfter.at],
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
