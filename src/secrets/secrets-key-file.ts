/**
 * The secrets key of a data directory. Webhook secrets are sealed with it, so it must outlive
 * restarts exactly as long as the data does: without SECRETS_KEY it is made on the first start
 * of DATA_DIR and kept there (`secrets.key`, mode 0600). Either way the directory remembers
 * which key sealed its data (`secrets.check`), and a start with another key is refused before
 * it could mint a webhook secret that no later start can open.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SecretsKey } from '../config/config.js';

export const SECRETS_KEY_FILE = 'secrets.key';
export const SECRETS_CHECK_FILE = 'secrets.check';
const KEY_BYTES = 32;
/**
 * The check value is HMAC-SHA256(key, this label): it tells whether a key is the right one
 * and, being a MAC of a constant, reveals nothing more about the key than any MAC does.
 */
const CHECK_LABEL = 'keyhold secrets-key check v1';
const CHECK_PREFIX = 'hmac-sha256:';

/** One line naming DATA_DIR (and SECRETS_KEY where it is the cause). */
export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

/**
 * The key for the data in `dir` (shown in messages as `shownAs`). SECRETS_KEY wins when set;
 * otherwise the key kept in the directory, made now if this is its first start.
 */
export async function keptSecretsKey(dir: string, shownAs: string, fromEnvironment: Buffer | null): Promise<SecretsKey> {
  const where = `DATA_DIR ${shownAs}`;
  const check = await readCheck(dir, where);
  const fits = (key: Buffer) => check === undefined || timingSafeEqual(checkValue(key), check);

  if (fromEnvironment) {
    if (!fits(fromEnvironment)) {
      throw new SecretsKeyError(
        `SECRETS_KEY is not the key that sealed the webhook secrets in ${where} (${SECRETS_CHECK_FILE} disagrees): set it to the key used before, or unset it to use the one the directory keeps`,
      );
    }
    if (check === undefined) await writeCheck(dir, fromEnvironment);
    return { key: fromEnvironment, source: 'environment' };
  }

  const kept = await readKeyFile(dir, where);
  if (kept) {
    if (!fits(kept)) {
      throw new SecretsKeyError(
        `${where}: ${SECRETS_KEY_FILE} is not the key that sealed its webhook secrets (${SECRETS_CHECK_FILE} disagrees): restore the right ${SECRETS_KEY_FILE}, or set SECRETS_KEY to that key`,
      );
    }
    if (check === undefined) await writeCheck(dir, kept);
    return { key: kept, source: 'data-dir' };
  }
  if (check !== undefined) {
    throw new SecretsKeyError(`${where} holds webhook secrets sealed with a key it does not keep (no ${SECRETS_KEY_FILE}): set SECRETS_KEY to that key`);
  }
  const made = randomBytes(KEY_BYTES);
  await writeDurably(path.join(dir, SECRETS_KEY_FILE), `${made.toString('base64')}\n`);
  await writeCheck(dir, made);
  return { key: made, source: 'data-dir' };
}

function checkValue(key: Buffer): Buffer {
  return createHmac('sha256', key).update(CHECK_LABEL).digest();
}

function writeCheck(dir: string, key: Buffer): Promise<void> {
  return writeDurably(path.join(dir, SECRETS_CHECK_FILE), `${CHECK_PREFIX}${checkValue(key).toString('base64')}\n`);
}

async function readIfThere(file: string, where: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SecretsKeyError(`${where}: ${path.basename(file)} cannot be read (${code ?? (err as Error).message})`);
  }
}

async function readCheck(dir: string, where: string): Promise<Buffer | undefined> {
  const text = await readIfThere(path.join(dir, SECRETS_CHECK_FILE), where);
  if (text === undefined) return undefined;
  const value = text.startsWith(CHECK_PREFIX) ? Buffer.from(text.slice(CHECK_PREFIX.length), 'base64') : Buffer.alloc(0);
  if (value.length !== 32) throw new SecretsKeyError(`${where}: ${SECRETS_CHECK_FILE} is damaged; it was left as it is`);
  return value;
}

async function readKeyFile(dir: string, where: string): Promise<Buffer | undefined> {
  const text = await readIfThere(path.join(dir, SECRETS_KEY_FILE), where);
  if (text === undefined) return undefined;
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== text) {
    throw new SecretsKeyError(`${where}: ${SECRETS_KEY_FILE} is not ${KEY_BYTES} bytes of base64; it was left as it is`);
  }
  return key;
}

/**
 * Written whole or not at all, readable by its owner only: a temporary file, synced, renamed
 * over the name, and the directory synced so the rename itself survives a crash.
 */
async function writeDurably(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
