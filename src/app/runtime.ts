import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { firebaseVerifier, type IdTokenVerifier } from '../auth/id-token-verifier.js';
import { signInNotConfigured } from '../auth/sign-in-not-configured.js';
import { ConfigError, withSecretsKey, type ParsedConfig, type SecretsKey } from '../config/config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { openDatabase } from '../db/database.js';
import type { EmbeddedMongo } from '../embedded-db/index.js';
import type { Logger } from '../logging/logger.js';
import { keptSecretsKey, SecretsKeyError } from '../secrets/secrets-key-file.js';
import { buildApp } from './app.js';
import { createServices, type Services } from './services.js';

export interface Keyhold {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** The embedded database, when MONGODB_URI is unset. */
  readonly embedded: EmbeddedMongo | null;
  /** Finishes in-flight requests, flushes lastUsedAt, then closes the database. */
  close(): Promise<void>;
}

export interface KeyholdOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Database name; tests give each suite its own. */
  readonly dbName?: string;
  readonly idTokens?: IdTokenVerifier;
}

/**
 * Every real component, started in order: database (embedded or not), the secrets key (which a
 * data directory keeps), Firebase, services, HTTP app. A DATA_DIR that cannot be used, or that
 * was sealed with another secrets key, is a ConfigError: one line naming the variable.
 */
export async function startKeyhold(parsed: ParsedConfig, opts: KeyholdOptions): Promise<Keyhold> {
  const { logger } = opts;
  const embedded = parsed.mongo.uri ? null : await startEmbedded(parsed, logger);
  let secretsKey: SecretsKey;
  try {
    secretsKey = await secretsKeyFor(parsed, embedded);
  } catch (err) {
    await embedded?.close();
    throw err instanceof SecretsKeyError ? new ConfigError([err.message]) : err;
  }
  const config = withSecretsKey(parsed, secretsKey);
  logger.info({ secretsKey: secretsKey.source }, SECRETS_KEY_SOURCES[secretsKey.source]);
  const db = openDatabase({ uri: config.mongo.uri ?? embedded!.uri, dbName: opts.dbName ?? 'keyhold', timeoutMs: config.mongo.timeoutMs, logger });
  const idTokens = opts.idTokens ?? (config.firebase.signIn.configured ? firebaseVerifier(config.firebase, logger) : signInNotConfigured());
  const services = createServices({ config, clock: opts.clock ?? systemClock, logger, db, idTokens });
  const app = await buildApp(services);
  services.lastUsed.start();
  // The first sweep relays what a crash left aboard; it waits for the database to answer.
  void db.connected.then(() => services.events.start());

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await closeHttp(app);
      await services.lastUsed.stop();
      await services.events.stop();
      await idTokens.close();
      await db.close();
      await embedded?.close();
    })());
  return { app, services, embedded, close };
}

const SECRETS_KEY_SOURCES: Record<SecretsKey['source'], string> = {
  environment: 'webhook secrets are sealed with SECRETS_KEY',
  'data-dir': 'webhook secrets are sealed with the secrets key kept in DATA_DIR',
  memory: 'webhook secrets are sealed with a key made at start (DATA_DIR=:memory: keeps nothing)',
};

/**
 * DATA_DIR is shared: the embedded database keeps its store (and the secrets key) in `db/`, and
 * `npm run dev` keeps the Auth Emulator's accounts beside it in `auth-emulator/`.
 */
export function databaseDir(dataDir: string): string {
  return path.join(dataDir, 'db');
}

/**
 * Loaded only when used (a dynamic import): a production start with MONGODB_URI never loads the
 * embedded database. Its DataDirError is the module's own, so it is taken from the import too.
 */
async function startEmbedded(config: ParsedConfig, logger: Logger): Promise<EmbeddedMongo> {
  const { startEmbeddedMongo, DataDirError } = await import('../embedded-db/index.js');
  const dataDir = config.dataDir === null ? undefined : databaseDir(config.dataDir);
  const embedded = await startEmbeddedMongo({ logger, dataDir }).catch((err: unknown) => {
    throw err instanceof DataDirError ? new ConfigError([`DATA_DIR ${err.message}`]) : err;
  });
  const { opened } = embedded.storageStats();
  logger.info(
    { uri: embedded.uri, dataDir: embedded.dataDir ?? ':memory:', documents: opened.documents, openMs: opened.ms },
    'embedded MongoDB-compatible database started (development only)',
  );
  return embedded;
}

/** SECRETS_KEY, checked against the data directory; or the key the directory keeps. */
function secretsKeyFor(config: ParsedConfig, embedded: EmbeddedMongo | null): Promise<SecretsKey> {
  if (embedded?.dataDir) return keptSecretsKey(embedded.dataDir, config.dataDir ?? embedded.dataDir, config.secretsKey?.key ?? null);
  // loadConfig requires SECRETS_KEY with MONGODB_URI and makes one for DATA_DIR=:memory:.
  if (!config.secretsKey) throw new Error('no secrets key: SECRETS_KEY is unset and there is no data directory to keep one');
  return Promise.resolve(config.secretsKey);
}

// How often shutdown looks for keep-alive connections that have just finished their last answer.
const REAP_EVERY_MS = 25;

/**
 * Stops taking requests and waits for the in-flight ones. Node closes only the keep-alive
 * connections that are idle when close begins; one still answering would then stay open for the
 * whole keep-alive timeout (72 s) after its answer, and shutdown would wait for it (or be killed
 * first, losing the lastUsedAt flush). So idle connections are reaped again until close is done.
 */
async function closeHttp(app: FastifyInstance): Promise<void> {
  const reaper = setInterval(() => app.server.closeIdleConnections(), REAP_EVERY_MS);
  try {
    await app.close();
  } finally {
    clearInterval(reaper);
  }
}
