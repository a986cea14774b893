import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { opMsg, opQuery, OP_MSG, OP_REPLY, RawConnection } from './raw-wire.js';
import { openSuite, type Suite } from './target.js';

let suite: Suite;
beforeAll(async () => {
  suite = await openSuite('handshake');
});
afterAll(() => suite.close());

const admin = () => suite.client.db('admin');

describe('hello', () => {
  it('answers hello over OP_MSG as a writable standalone', async () => {
    const reply = await admin().command({ hello: 1 });
    expect(reply.ok).toBe(1);
    expect(reply.isWritablePrimary).toBe(true);
    expect(reply.setName).toBeUndefined();
    expect(reply.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(reply.maxMessageSizeBytes).toBe(48_000_000);
    expect(reply.maxWriteBatchSize).toBe(100_000);
    expect(reply.logicalSessionTimeoutMinutes).toBe(30);
    expect(reply.localTime).toBeInstanceOf(Date);
    expect(typeof reply.connectionId).toBe('number');
    expect(reply.minWireVersion).toBe(0);
    expect(reply.maxWireVersion).toBeGreaterThanOrEqual(21);
  });

  it('answers isMaster and ismaster with the legacy field name', async () => {
    for (const name of ['isMaster', 'ismaster']) {
      const reply = await admin().command({ [name]: 1 });
      expect(reply.ismaster).toBe(true);
      expect(reply.ok).toBe(1);
    }
  });

  it('answers the legacy OP_QUERY isMaster on admin.$cmd with an OP_REPLY', async () => {
    const raw = await RawConnection.open(suite.target.uri);
    try {
      raw.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
      const reply = await raw.nextReply();
      expect(reply.opCode).toBe(OP_REPLY);
      expect(reply.responseTo).toBe(7);
      expect(reply.doc.ismaster).toBe(true);
      expect(reply.doc.helloOk).toBe(true);
      expect(reply.doc.ok).toBe(1);
    } finally {
      raw.destroy();
    }
  });

  it('refuses other commands over OP_QUERY, as servers since 5.1 do', async () => {
    const raw = await RawConnection.open(suite.target.uri);
    try {
      raw.send(opQuery(8, 'admin.$cmd', { ping: 1 }));
      const reply = await raw.nextReply();
      expect(reply.opCode).toBe(OP_REPLY);
      expect(reply.doc.ok).toBe(0);
      expect(reply.doc.code).toBe(352);
    } finally {
      raw.destroy();
    }
  });

  it('answers OP_MSG with OP_MSG, echoing the request id', async () => {
    const raw = await RawConnection.open(suite.target.uri);
    try {
      raw.send(opMsg(41, { ping: 1, $db: 'admin' }));
      const reply = await raw.nextReply();
      expect(reply.opCode).toBe(OP_MSG);
      expect(reply.responseTo).toBe(41);
      expect(reply.doc.ok).toBe(1);
    } finally {
      raw.destroy();
    }
  });
});

describe('what drivers and shells send on connect', () => {
  it('ping', async () => {
    expect(await admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('buildInfo reports a version and its array form', async () => {
    const info = await admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.versionArray[0]).toBe(Number(info.version.split('.')[0]));
    expect(info.versionArray[0]).toBeGreaterThanOrEqual(7);
  });

  it('getParameter featureCompatibilityVersion', async () => {
    const reply = await admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(reply.featureCompatibilityVersion.version).toMatch(/^\d+\.\d+$/);
  });

  it('getLog startupWarnings', async () => {
    const reply = await admin().command({ getLog: 'startupWarnings' });
    expect(Array.isArray(reply.log)).toBe(true);
    expect(typeof reply.totalLinesWritten).toBe('number');
  });

  it('hostInfo, connectionStatus and serverStatus', async () => {
    const host = await admin().command({ hostInfo: 1 });
    expect(typeof host.system.hostname).toBe('string');
    const status = await admin().command({ connectionStatus: 1 });
    expect(Array.isArray(status.authInfo.authenticatedUsers)).toBe(true);
    const server = await admin().command({ serverStatus: 1 });
    expect(server.ok).toBe(1);
    expect(server.connections.current).toBeGreaterThanOrEqual(1);
    expect(typeof server.uptime).toBe('number');
  });

  it('endSessions', async () => {
    const session = suite.client.startSession();
    await suite.db.collection('sessions').insertOne({ a: 1 }, { session });
    await session.endSession();
    expect(await admin().command({ endSessions: [] })).toMatchObject({ ok: 1 });
  });

  it('listDatabases shows a database once it holds data', async () => {
    await suite.db.collection('present').insertOne({ here: true });
    const reply = await admin().command({ listDatabases: 1, nameOnly: true });
    expect(reply.databases.map((d: { name: string }) => d.name)).toContain(suite.dbName);
    const full = await suite.client.db().admin().listDatabases();
    const mine = full.databases.find((d) => d.name === suite.dbName);
    expect(mine?.empty).toBe(false);
  });

  it('serves a client that declares a server API (hello over OP_MSG, apiVersion on every command)', async () => {
    const client = await new MongoClient(suite.target.uri, { serverApi: { version: '1' }, serverSelectionTimeoutMS: 5000 }).connect();
    try {
      const coll = client.db(suite.dbName).collection('api');
      await coll.insertOne({ _id: 'api' as never, v: 1 });
      expect(await coll.findOne({ _id: 'api' as never })).toEqual({ _id: 'api', v: 1 });
    } finally {
      await client.close();
    }
  });

  it('ignores session, read/write concern, comment and maxTimeMS fields', async () => {
    const reply = await suite.db.command({
      ping: 1,
      comment: 'hello',
      readConcern: { level: 'local' },
      writeConcern: { w: 1 },
      maxTimeMS: 1000,
    });
    expect(reply.ok).toBe(1);
  });
});
