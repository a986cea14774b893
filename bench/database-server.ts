// The embedded database in a process of its own, as a real MongoDB would be in production: the
// Keyhold servers under test then hold only their own state, not every stored key, in their heap.
// Run by bench/run.ts as a child process.
import { startEmbeddedMongo } from '../src/embedded-db/index.js';
import { serveBenchControl } from './child-control.js';

const db = await startEmbeddedMongo({ host: '127.0.0.1', port: 0 });
serveBenchControl({ url: db.uri, secrets: {} }, () => db.close());
