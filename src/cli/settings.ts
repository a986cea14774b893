import { homedir } from 'node:os';
import path from 'node:path';
import { usage } from './failure.js';

/** The CLI's environment, read once. */
export interface CliSettings {
  /** KEYHOLD_URL, default http://127.0.0.1:4000. */
  readonly url: string;
  /** `$XDG_CONFIG_HOME/keyhold`, or `~/.config/keyhold`: where logins are kept. */
  readonly configDir: string;
  /** KEYHOLD_TOKEN: a token to use instead of the stored login (CI). */
  readonly envToken: string | undefined;
  /** FIREBASE_AUTH_EMULATOR_HOST: where `login --email` signs in, in development. */
  readonly emulatorHost: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:4000';

export function loadSettings(env: Readonly<Record<string, string | undefined>>): CliSettings {
  const url = nonEmpty(env.KEYHOLD_URL) ?? DEFAULT_URL;
  if (!isHttpUrl(url)) throw usage(`KEYHOLD_URL must be an http(s) URL such as ${DEFAULT_URL}.`);
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(nonEmpty(env.HOME) ?? homedir(), '.config');
  return Object.freeze({
    url: url.replace(/\/+$/, ''),
    configDir: path.join(base, 'keyhold'),
    envToken: nonEmpty(env.KEYHOLD_TOKEN),
    emulatorHost: nonEmpty(env.FIREBASE_AUTH_EMULATOR_HOST),
  });
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
