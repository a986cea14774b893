import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DestinationStream } from 'pino';

type PrettyFactory = (opts: Record<string, unknown>) => (line: string) => string;

/**
 * Coloured, human lines on stdout for a person at a terminal (development), through pino-pretty's
 * formatter. It sits beneath the secret scrubbing: it only ever sees lines already scrubbed.
 * Written synchronously, a line at a time (pino-pretty's own stream is asynchronous and would
 * lose the last lines at exit); a terminal needs no batching.
 *
 * pino-pretty is a development dependency: an install without it (`npm ci --omit=dev`) gets
 * null here, and JSON lines.
 */
export function prettyStdout(write: (text: string) => void = (text) => writeSync(1, text), colorize = true): DestinationStream | null {
  let factory: PrettyFactory;
  try {
    factory = (createRequire(import.meta.url)('pino-pretty') as { prettyFactory: PrettyFactory }).prettyFactory;
  } catch {
    return null;
  }
  const format = factory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') write(format(line));
    },
  };
}
