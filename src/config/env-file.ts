import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

type Env = Record<string, string | undefined>;

/**
 * The variables configuration parses: `.env` (in the working directory, if there is one)
 * beneath the process environment, which wins for every name it holds, as with Node's own
 * `--env-file`. Nothing is written to `process.env`: configuration stays the one reader.
 * Node's parser (`util.parseEnv`, the one behind `--env-file`) reads the file.
 */
export function withEnvFile(env: Env, file = '.env'): { env: Env; loaded: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { env, loaded: null };
    throw new EnvFileError(`${file} cannot be read: ${(err as Error).message}`);
  }
  const fromFile = parseEnv(text) as Env;
  const merged: Env = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return { env: merged, loaded: file };
}

export class EnvFileError extends Error {
  override name = 'EnvFileError';
}
