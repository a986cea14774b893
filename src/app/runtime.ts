import type { FastifyInstance } from 'fastify';
import { firebaseVerifier, type IdTokenVerifier } from '../auth/id-token-verifier.js';
import { signInNotConfigured } from '../auth/sign-in-not-configured.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-db/index.js';
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from '../shared/clock.js';
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

/** Every real component, started in order: database (embedded or not), Firebase, services, HTTP app. */
export async function startKeyhold(config: Config, opts: KeyholdOptions): Promise<Keyhold> {
  const { logger } = opts;
  const embedded = config.mongo.uri ? null : await startEmbeddedMongo({ logger });
  if (embedded) logger.info({ uri: embedded.uri }, 'embedded MongoDB-compatible database started (development only)');
  const db = openDatabase({ uri: config.mongo.uri ?? embedded!.uri, dbName: opts.dbName ?? 'keyhold', timeoutMs: config.mongo.timeoutMs, logger });
  const idTokens = opts.idTokens ?? (config.firebase.signIn.configured ? firebaseVerifier(config.firebase, logger) : signInNotConfigured());
  const services = createServices({ config, clock: opts.clock ?? systemClock, logger, db, idTokens });
  const app = await buildApp(services);
  services.lastUsed.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await closeHttp(app);
      await services.lastUsed.stop();
      await idTokens.close();
      await db.close();
      await embedded?.close();
    })());
  return { app, services, embedded, close };
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
