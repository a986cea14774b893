// Seeds BENCH_SEED_KEYS keys into database BENCH_DB_NAME at MONGODB_URI straight through the
// model, in a process of its own, so the Keyhold server measured later starts with a clean heap
// whatever the number of keys. Run by bench/run.ts as a child process.
import { openDatabase, waitForConnection } from '../src/db/database.js';
import { apiKeyModel } from '../src/keys/api-key.model.js';
import { createLogger } from '../src/logging/logger.js';
import { serveBenchControl } from './child-control.js';
import { seedKeys } from './seed.js';

const uri = process.env.MONGODB_URI ?? '';
const db = openDatabase({ uri, dbName: process.env.BENCH_DB_NAME, timeoutMs: 5000, logger: createLogger({ level: 'warn' }) });
const apiKeys = apiKeyModel(db.connection);
await waitForConnection(db, 30_000);
const secrets = await seedKeys(apiKeys, Number(process.env.BENCH_SEED_KEYS ?? 1000));
serveBenchControl({ url: uri, secrets }, () => db.close());
