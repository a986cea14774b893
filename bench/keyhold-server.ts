// Keyhold as `npm start` runs it in production: LOG_LEVEL info, logs to stdout, the database in
// another process (MONGODB_URI, database BENCH_DB_NAME, seeded beforehand by bench/seeder.ts).
// Run by bench/run.ts as a child process.
import 'reflect-metadata';
import { pino } from 'pino';
import { startKeyhold } from '../src/app/runtime.js';
import { loadConfig } from '../src/config/config.js';
import { waitForConnection } from '../src/db/database.js';
import { createLogger } from '../src/logging/logger.js';
import { serveBenchControl } from './child-control.js';

const config = loadConfig({
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  MONGODB_URI: process.env.MONGODB_URI,
  SECRETS_KEY: process.env.SECRETS_KEY,
});
// BENCH_LOG_DEST=sync or async measures the batched stdout destination against pino's plain ones.
const destinations = {
  sync: () => pino.destination({ dest: 1, sync: true }),
  async: () => pino.destination({ dest: 1, sync: false }),
} as const;
const dest = process.env.BENCH_LOG_DEST as keyof typeof destinations | undefined;
const logger = createLogger({ level: config.logLevel, destination: dest ? destinations[dest]() : undefined });
const keyhold = await startKeyhold(config, { logger, dbName: process.env.BENCH_DB_NAME ?? 'keyhold_bench' });
await waitForConnection(keyhold.services.db, 30_000);
const url = await keyhold.app.listen({ host: '127.0.0.1', port: 0 });
serveBenchControl({ url, secrets: {} }, () => keyhold.close());
