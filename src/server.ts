import 'reflect-metadata';
import { ConfigError, loadConfig, type ParsedConfig } from './config/config.js';
import { createLogger } from './logging/logger.js';
import { startKeyhold } from './app/runtime.js';

/** `npm start`: parse configuration, start every component, listen, and stop cleanly on signals. */
async function main(): Promise<void> {
  let config: ParsedConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  const logger = createLogger({ level: config.logLevel });
  if (!config.firebase.emulatorHost && config.firebase.projectId.startsWith('demo-')) {
    logger.warn(`FIREBASE_PROJECT_ID is ${config.firebase.projectId} without FIREBASE_AUTH_EMULATOR_HOST: ID tokens cannot be verified; use npm run dev, or set FIREBASE_PROJECT_ID`);
  }

  // A DATA_DIR in use, foreign, damaged or sealed with another secrets key is refused here.
  const keyhold = await startKeyhold(config, { logger }).catch(exitOnConfigError);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    keyhold.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  try {
    const address = await keyhold.app.listen({ host: config.http.host, port: config.http.port });
    logger.info(`Keyhold listening on ${address} (GraphQL ${address}/graphql, REST ${address}/verify, docs ${address}/docs)`);
    logger.flush();
  } catch (err) {
    process.stderr.write(`keyhold: cannot listen on ${config.http.host}:${config.http.port}: ${(err as Error).message}\n`);
    await keyhold.close();
    process.exit(1);
  }
}

function exitOnConfigError(err: unknown): never {
  if (!(err instanceof ConfigError)) throw err;
  for (const problem of err.problems) process.stderr.write(`keyhold: configuration error: ${problem}\n`);
  process.exit(1);
}

void main();
