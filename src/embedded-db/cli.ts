/**
 * `npm run db`: the embedded database on its own, for mongosh, Compass or a second process.
 * `--data DIR` keeps its data in DIR, the same durable store `npm start` uses (DATA_DIR);
 * without it, in memory. Prints one line with the URI on stdout; warnings go to stderr.
 */
import { DataDirError, startEmbeddedMongo, type Logger } from './index.js';

interface CliOptions {
  host: string;
  port: number;
  dataDir?: string;
}

function fail(message: string): never {
  process.stderr.write(`embedded-db: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { host: '127.0.0.1', port: 27017 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) fail(`--port must be an integer from 0 to 65535, got '${value ?? ''}'`);
      opts.port = port;
    } else if (flag === '--host') {
      if (!value) fail('--host needs a value');
      opts.host = value;
    } else if (flag === '--data') {
      if (!value) fail('--data needs a directory (or :memory:)');
      opts.dataDir = value === ':memory:' ? undefined : value;
    } else {
      fail(`unknown argument '${arg}' (use --port N, --host H and --data DIR)`);
    }
  }
  return opts;
}

const stderrLogger: Logger = {
  info: () => {},
  warn: (o, msg) => process.stderr.write(`embedded-db warn: ${msg ?? ''} ${JSON.stringify(o)}\n`),
  error: (o, msg) => process.stderr.write(`embedded-db error: ${msg ?? ''} ${JSON.stringify(o)}\n`),
};

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    fail('refusing to start with NODE_ENV=production: the embedded database is for development and tests only');
  }
  const opts = parseArgs(process.argv.slice(2));
  const db = await startEmbeddedMongo({ ...opts, logger: stderrLogger }).catch((err: NodeJS.ErrnoException) => {
    if (err instanceof DataDirError) fail(`--data ${err.message}`);
    return fail(`cannot listen on ${opts.host}:${opts.port}: ${err.code ?? err.message}`);
  });
  const kept = db.dataDir ? `data in ${db.dataDir}` : 'in memory';
  process.stdout.write(`Embedded MongoDB (${kept}, development only) listening at ${db.uri}\n`);
  const shutdown = () => {
    db.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
