import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKSUM_PRESENT, MORE_TO_COME, opMsg, RawConnection } from './raw-wire.js';
import { onRealMongo, openSuite, type Suite } from './target.js';

let suite: Suite;
beforeAll(async () => {
  suite = await openSuite('wire');
});
afterAll(() => suite.close());

const withRaw = async <T>(fn: (raw: RawConnection) => Promise<T>): Promise<T> => {
  const raw = await RawConnection.open(suite.target.uri);
  try {
    return await fn(raw);
  } finally {
    raw.destroy();
  }
};

describe('OP_MSG features', () => {
  it('reads document sequences (payload type 1) for insert, update and delete', async () => {
    await withRaw(async (raw) => {
      const db = suite.dbName;
      const inserted = await raw.command(1, { insert: 'seq', $db: db }, { sequences: [['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]]] });
      expect(inserted).toMatchObject({ n: 3, ok: 1 });
      const updates = [
        { q: { _id: 1 }, u: { $set: { x: 1 } } },
        { q: { _id: 2 }, u: { $set: { x: 2 } } },
      ];
      const updated = await raw.command(2, { update: 'seq', $db: db }, { sequences: [['updates', updates]] });
      expect(updated).toMatchObject({ n: 2, nModified: 2, ok: 1 });
      const deleted = await raw.command(3, { delete: 'seq', $db: db }, { sequences: [['deletes', [{ q: { _id: 3 }, limit: 1 }]]] });
      expect(deleted).toMatchObject({ n: 1, ok: 1 });
    });
    expect(await suite.db.collection('seq').find().toArray()).toEqual([
      { _id: 1, x: 1 },
      { _id: 2, x: 2 },
    ]);
  });

  it('sends no reply to a moreToCome (w:0) request, and still applies it', async () => {
    await withRaw(async (raw) => {
      raw.send(opMsg(10, { insert: 'w0', documents: [{ _id: 'fire-and-forget' }], writeConcern: { w: 0 }, $db: suite.dbName }, { flags: MORE_TO_COME }));
      raw.send(opMsg(11, { find: 'w0', filter: {}, $db: suite.dbName }));
      const reply = await raw.nextReply();
      expect(reply.responseTo).toBe(11);
      expect(reply.doc.cursor.firstBatch).toEqual([{ _id: 'fire-and-forget' }]);
    });
  });

  it('accepts a message carrying a CRC-32C checksum', async () => {
    await withRaw(async (raw) => {
      const reply = await raw.command(20, { ping: 1, $db: 'admin' }, { flags: CHECKSUM_PRESENT });
      expect(reply.ok).toBe(1);
    });
  });
});

/** Feeding garbage to a production server is not this suite's business. */
describe.skipIf(onRealMongo)('malformed input closes that connection only', () => {
  const expectClosedAfter = async (bytes: Buffer) => {
    const raw = await RawConnection.open(suite.target.uri);
    raw.send(bytes);
    await raw.closed;
    await expect(raw.nextReply()).rejects.toThrow(/closed/);
  };

  it('closes on a length below the header size', async () => {
    await expectClosedAfter(Buffer.from([5, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
  });

  it('closes on a length above the maximum message size', async () => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(100_000_000, 0);
    await expectClosedAfter(header);
  });

  it('closes on an unknown opcode', async () => {
    const msg = opMsg(1, { ping: 1, $db: 'admin' });
    msg.writeInt32LE(9999, 12);
    await expectClosedAfter(msg);
  });

  it('closes on corrupt BSON', async () => {
    const msg = opMsg(1, { ping: 1, $db: 'admin' });
    msg.writeInt32LE(9999, 21); // the body document now claims far more bytes than it has
    await expectClosedAfter(msg);
    const truncated = opMsg(2, { ping: 1, $db: 'admin' });
    truncated[truncated.length - 1] = 7; // no terminating zero
    await expectClosedAfter(truncated);
  });

  it('closes on an unknown section kind', async () => {
    const msg = opMsg(1, { ping: 1, $db: 'admin' });
    msg[20] = 9;
    await expectClosedAfter(msg);
  });

  // The fuzz is seeded: every run prints its seed, and WIRE_FUZZ_SEED=<seed> replays that run.
  const seed = fuzzSeed(process.env.WIRE_FUZZ_SEED);
  const replay = `wire fuzz seed ${seed} (replay: WIRE_FUZZ_SEED=${seed} npx vitest run test/embedded-db/wire-robustness.test.ts)`;

  it('survives random bytes and mutated commands, and keeps serving everyone else', async () => {
    console.info(replay);
    const random = mulberry32(seed);
    const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const commands = [
      { find: 'fuzz', filter: { a: { $gt: 0 } }, sort: { a: 1 }, batchSize: 1 },
      { insert: 'fuzz', documents: [{ a: 5, x: [1, { y: 3 }] }] },
      { update: 'fuzz', updates: [{ q: { a: 1 }, u: { $set: { z: 1 } }, upsert: true }] },
      { aggregate: 'fuzz', pipeline: [{ $group: { _id: '$a', n: { $sum: 1 } } }], cursor: {} },
      { createIndexes: 'fuzz', indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] },
    ];
    for (let i = 0; i < 200; i++) {
      const raw = await RawConnection.open(suite.target.uri);
      let bytes: Buffer;
      if (i % 2 === 0) {
        bytes = randomBytes(16 + ((i * 37) % 400));
        if (i % 4 === 0) bytes.writeInt32LE(bytes.length, 0); // a plausible length, garbage inside
      } else {
        // A valid command with a few bytes flipped past the header: often still parseable BSON.
        bytes = opMsg(i, { ...commands[i % commands.length], $db: suite.dbName });
        for (const at of randomBytes(3)) bytes[16 + (at % (bytes.length - 16))] = at;
      }
      raw.send(bytes);
      raw.destroy();
      // Everyone else is served meanwhile, not only once the fuzz is over.
      if (i % 25 === 24) expect(await suite.client.db('admin').command({ ping: 1 }), `${replay}, after input ${i}`).toMatchObject({ ok: 1 });
    }
    await suite.db.collection('after_fuzz').insertOne({ ok: true });
    expect(await suite.db.collection('after_fuzz').countDocuments(), replay).toBe(1);
  });
});

function fuzzSeed(fromEnv: string | undefined): number {
  if (fromEnv === undefined || fromEnv === '') return randomInt(2 ** 31);
  if (!/^\d{1,10}$/.test(fromEnv) || Number(fromEnv) >= 2 ** 32) throw new Error(`WIRE_FUZZ_SEED must be a whole number below 2^32, got "${fromEnv}"`);
  return Number(fromEnv);
}

/** mulberry32: a small seeded generator, so a failing fuzz run can be replayed byte for byte. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
