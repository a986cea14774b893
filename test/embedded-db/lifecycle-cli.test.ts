import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../../src/embedded-db/index.js';
import { onRealMongo, uniqueDbName } from './target.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Stopping and restarting the database is only possible with the embedded one. */
describe.skipIf(onRealMongo)('stop and restart', () => {
  it('makes mongoose fail while down and recover after restart, on the same connection object', async () => {
    const db = await startEmbeddedMongo();
    const conn = await mongoose.createConnection(db.uri, { dbName: uniqueDbName('lifecycle'), serverSelectionTimeoutMS: 1000 }).asPromise();
    try {
      const Thing = conn.model('Thing', new Schema({ name: String }));
      await Thing.create({ name: 'kept' });

      await db.stop();
      const err = await Thing.findOne({ name: 'kept' })
        .lean()
        .catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toMatch(/MongooseServerSelectionError|MongoNetworkError|MongoServerSelectionError/);

      await db.restart();
      const found = await Thing.findOne({ name: 'kept' }).lean();
      expect(found?.name).toBe('kept');
      expect(conn.readyState).toBe(mongoose.ConnectionStates.connected);
    } finally {
      await conn.close();
      await db.close();
    }
  });

  it('keeps its port and uri across restarts; stop and restart are idempotent', async () => {
    const db = await startEmbeddedMongo();
    const { port, uri } = db;
    await db.stop();
    await db.stop();
    await db.restart();
    await db.restart();
    expect(db.port).toBe(port);
    expect(db.uri).toBe(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 2000 }).connect();
    try {
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
      await db.close();
    }
  });

  it('drops its data on close and refuses to restart afterwards', async () => {
    const db = await startEmbeddedMongo();
    await db.close();
    await expect(db.restart()).rejects.toThrow(/closed/);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const child = spawn(tsx, ['src/embedded-db/cli.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

describe.skipIf(onRealMongo)('npm run db', () => {
  it('prints its mongodb:// URI, serves clients and stops cleanly on SIGTERM', async () => {
    const child = spawn(tsx, ['src/embedded-db/cli.ts', '--port', '0'], { cwd: root, env: { ...process.env, NODE_ENV: 'development' } });
    const closed = once(child, 'close');
    let stdout = '';
    const uri = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /mongodb:\/\/\S+/.exec(stdout);
        if (match) resolve(match[0]);
      });
      child.once('exit', () => reject(new Error(`cli exited before printing a URI: ${stdout}`)));
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 2000 }).connect();
    try {
      await client.db('cli').collection('c').insertOne({ a: 1 });
      expect(await client.db('cli').collection('c').countDocuments()).toBe(1);
    } finally {
      await client.close();
    }
    child.kill('SIGTERM');
    const [code] = await closed;
    expect(code).toBe(0);
  });

  it('refuses to start with NODE_ENV=production', async () => {
    const run = await runCli(['--port', '0'], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/production/);
  });

  it('refuses a --data directory it cannot use with one line naming it, and exit code 1', async () => {
    const run = await runCli(['--port', '0', '--data', root], { NODE_ENV: 'development' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^embedded-db: --data \S+ is not a Keyhold data directory: it holds other files/)]);
  });

  it('rejects a bad --port with one line and exit code 1', async () => {
    const run = await runCli(['--port', 'lots'], { NODE_ENV: 'development' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--port/);
  });
});
