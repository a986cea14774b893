import type { FastifyInstance } from 'fastify';
import { firebaseVerifier, type IdTokenVerifier } from '../auth/id-token-verifier.js';
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
  const idTokens = opts.idTokens ?? firebaseVerifier(config.firebase, logger);
  const services = createServices({ config, clock: opts.clock ?? systemClock, logger, db, idTokens });
  const app = await buildApp(services);
  services.lastUsed.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await services.lastUsed.stop();
      await idTokens.close();
      await db.close();
      await embedded?.close();
    })());
  return { app, services, embedded, close };
}
