import 'reflect-metadata';
import { ConfigError, loadConfig, type ParsedConfig } from './config/config.js';
import { EnvFileError, withEnvFile } from './config/env-file.js';
import { signInAdvice } from './config/firebase-sign-in.js';
import { createLogger, type Logger } from './logging/logger.js';
import { startKeyhold, type Keyhold } from './app/runtime.js';

/** `npm start`: parse configuration, start every component, listen, and stop cleanly on signals. */
async function main(): Promise<void> {
  let config: ParsedConfig;
  let envFile: string | null;
  try {
    const { env, loaded } = withEnvFile(process.env);
    envFile = loaded;
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof EnvFileError) fail([err.message]);
    if (!(err instanceof ConfigError)) throw err;
    fail(err.problems);
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.logFormat === 'pretty' });
  if (envFile) logger.info(`read ${envFile}; variables set in the environment win over it`);
  const advice = signInAdvice(config.firebase.signIn);
  if (advice) logger.warn(advice);
  else if (config.firebase.signIn.configured) logger.info(`Firebase sign-in: project ${config.firebase.projectId}, through ${config.firebase.signIn.via}`);

  let keyhold: Keyhold | undefined;
  try {
    keyhold = await startKeyhold(config, { logger });
  } catch (err) {
    // A DATA_DIR in use, foreign, damaged or sealed with another secrets key is refused here.
    if (err instanceof ConfigError) {
      logger.flush();
      fail(err.problems);
    }
    await fatal(logger, undefined, `cannot start: ${(err as Error).message}`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    keyhold!.close().then(
      () => {
        logger.info('Keyhold stopped');
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Started by a supervisor with an IPC channel (npm run dev): if it dies, even by SIGKILL, the
  // channel closes, and the server must not linger holding its port.
  if (process.send) process.once('disconnect', () => shutdown('the parent process exited'));

  try {
    const address = await keyhold!.app.listen({ host: config.http.host, port: config.http.port });
    logger.info(`Keyhold listening on ${address} (dashboard ${address}/, GraphQL ${address}/graphql, REST ${address}/verify, docs ${address}/docs)`);
    logger.flush();
  } catch (err) {
    await fatal(logger, keyhold, listenFailure(config, err));
  }
}

function fail(problems: readonly string[]): never {
  for (const problem of problems) process.stderr.write(`keyhold: configuration error: ${problem}\n`);
  process.exit(1);
}

/**
 * A failure at start is the last thing printed, on a line of its own: whatever the stopping
 * components log, and the batched log lines still owed to stdout, go out first.
 */
async function fatal(logger: Logger, keyhold: Keyhold | undefined, line: string): Promise<never> {
  await keyhold?.close().catch(() => {});
  logger.flush();
  process.stderr.write(`keyhold: ${line}\n`);
  process.exit(1);
}

function listenFailure(config: ParsedConfig, err: unknown): string {
  const where = `${config.http.host}:${config.http.port}`;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `cannot listen on ${where}: the port is in use (another Keyhold?); choose another with PORT=…`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: this machine has no such address; check HOST`;
  if (code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with PORT=…`;
  return `cannot listen on ${where}: ${(err as Error).message}`;
}

void main();
