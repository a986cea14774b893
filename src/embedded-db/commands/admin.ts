import { calculateObjectSize } from 'bson';
import type { Collection } from '../collection.js';
import { CommandError } from '../errors.js';
import { ID_INDEX_SPEC } from '../indexes.js';
import { compileFilter } from '../matcher.js';
import { canonicalKey, type Doc } from '../values.js';
import { collectionName, docArg, intArg, type CommandContext, type CommandHandler } from './context.js';

/** Fields every command may carry that say nothing about the collection being created. */
const GENERIC_FIELDS = new Set([
  'create',
  '$db',
  'lsid',
  'txnNumber',
  '$clusterTime',
  'writeConcern',
  'readConcern',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
  '$readPreference',
  'autocommit',
  'startTransaction',
]);

/**
 * Since MongoDB 7.0 `create` is idempotent: an existing collection with the same options is
 * success, only different options are NamespaceExists.
 */
function create(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  if (ctx.cmd.viewOn !== undefined) throw new CommandError('IllegalOperation', 'views are not supported by the embedded database');
  const options = Object.fromEntries(Object.entries(ctx.cmd).filter(([k]) => !GENERIC_FIELDS.has(k)));
  const { coll, created } = ctx.store.ensureCollection(ctx.db, name, options);
  if (!created && canonicalKey(coll.options) !== canonicalKey(options)) {
    throw new CommandError('NamespaceExists', `Collection ${coll.ns} already exists with different options`);
  }
  return { ok: 1 };
}

/** Since MongoDB 7.0 dropping a collection that does not exist is not an error. */
function drop(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) return { ok: 1 };
  ctx.store.dropCollection(ctx.db, name);
  return { nIndexesWas: coll.indexes.length, ns: coll.ns, ok: 1 };
}

function dropDatabase(ctx: CommandContext): Doc {
  ctx.store.dropDatabase(ctx.db);
  return { ok: 1 };
}

function describeCollection(coll: Collection, nameOnly: boolean): Doc {
  if (nameOnly) return { name: coll.name, type: 'collection' };
  return {
    name: coll.name,
    type: 'collection',
    options: coll.options,
    info: { readOnly: false, uuid: coll.uuid },
    idIndex: ID_INDEX_SPEC,
  };
}

function listCollections(ctx: CommandContext): Doc {
  const filter = compileFilter(docArg(ctx.cmd, 'filter'));
  const nameOnly = ctx.cmd.nameOnly === true;
  // Filters may test `options` or `info`, so match on the full description, then trim.
  const docs = ctx.store
    .collections(ctx.db)
    .filter((coll) => filter.test(describeCollection(coll, false)))
    .map((coll) => describeCollection(coll, nameOnly));
  const batchSize = intArg(docArg(ctx.cmd, 'cursor') ?? {}, 'batchSize');
  return ctx.cursors.start(`${ctx.db}.$cmd.listCollections`, docs, { batchSize });
}

function dataSize(colls: Collection[]): number {
  let bytes = 0;
  for (const coll of colls) for (const entry of coll.entries.values()) bytes += calculateObjectSize(entry.doc);
  return bytes;
}

function listDatabases(ctx: CommandContext): Doc {
  const filter = compileFilter(docArg(ctx.cmd, 'filter'));
  const databases = ctx.store
    .databases()
    .map((name) => {
      const sizeOnDisk = dataSize(ctx.store.collections(name));
      return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    })
    .filter((db) => filter.test(db));
  if (ctx.cmd.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((sum, db) => sum + db.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1048576), ok: 1 };
}

function dbStats(ctx: CommandContext): Doc {
  const colls = ctx.store.collections(ctx.db);
  const objects = colls.reduce((sum, c) => sum + c.entries.size, 0);
  const size = dataSize(colls);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : size / objects,
    dataSize: size,
    storageSize: size,
    indexes: colls.reduce((sum, c) => sum + c.indexes.length, 0),
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    ok: 1,
  };
}

export const adminCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  dbStats,
};
