import { Binary } from 'bson';
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import type { Collection } from '../collection.js';
import type { Store } from '../store.js';
import { DataDirError } from './data-dir-error.js';
import type { BatchWriter } from './group-commit.js';
import { decodeCatalog, decodeDoc, inCollection, ridOf, uuidOf, type StorageOp } from './records.js';

/** What a data directory holds, and which version of that layout. */
const FORMAT = { name: 'keyhold-embedded-db', version: 1 } as const;
const TABLES = ['meta', 'catalog', 'docs'] as const;

type Table = Database<Buffer, Buffer>;
/** lmdb-js accepts `create: false` (open only if it exists) but does not declare it. */
type OpenOptions = DatabaseOptions & { name: string; create?: boolean };

export interface LoadStats {
  readonly collections: number;
  readonly documents: number;
}

/**
 * The store on disk: LMDB (lmdb-js), an ACID memory-mapped B-tree. Every commit is synced
 * before its promise resolves (`overlappingSync: false`), so a resolved write survives
 * kill -9 and, as far as the disk honours fsync, a power cut; a commit is all or nothing.
 */
export class LmdbStorage implements BatchWriter {
  private constructor(
    private readonly env: RootDatabase,
    private readonly catalog: Table,
    private readonly docs: Table,
  ) {}

  /** Opens the store in `file`, creating it when the file is new; refuses another program's. */
  static open(file: string, shownAs: string): LmdbStorage {
    let env: RootDatabase;
    try {
      env = open({ path: file, noSubdir: true, maxDbs: TABLES.length, overlappingSync: false, compression: false });
    } catch (err) {
      throw new DataDirError(shownAs, `cannot be opened by LMDB (${(err as Error).message}); it was left as it is`);
    }
    try {
      checkFormat(env, shownAs);
      const binary = (name: string): Table => env.openDB({ name, keyEncoding: 'binary', encoding: 'binary' });
      return new LmdbStorage(env, binary('catalog'), binary('docs'));
    } catch (err) {
      void env.close();
      throw err instanceof DataDirError ? err : new DataDirError(shownAs, `cannot be opened by LMDB (${(err as Error).message}); it was left as it is`);
    }
  }

  /**
   * Reads everything back into `store`: collections with their index definitions first, then
   * documents in key order (collection by collection, each in its natural order), indexes
   * built as they come. Documents were checked against unique indexes when written.
   */
  load(store: Store, shownAs: string): LoadStats {
    const byUuid = new Map<string, Collection>();
    let documents = 0;
    try {
      for (const { key, value } of this.catalog.getRange()) {
        const record = decodeCatalog(value);
        const uuid = new Binary(Buffer.from(key), Binary.SUBTYPE_UUID);
        const coll = store.restoreCollection(record.db, record.name, record.options, { uuid });
        for (const spec of record.indexes) coll.restoreIndex(spec);
        byUuid.set(Buffer.from(key).toString('hex'), coll);
      }
      let current: { uuid: Buffer; coll: Collection } | undefined;
      for (const { key, value } of this.docs.getRange()) {
        const rid = ridOf(key);
        if (!current || !inCollection(key, current.uuid)) {
          const uuid = uuidOf(key);
          const coll = byUuid.get(uuid.toString('hex'));
          if (!coll) throw new Error(`documents of a collection the catalog does not list (${uuid.toString('hex')})`);
          current = { uuid, coll };
        }
        current.coll.restoreEntry(decodeDoc(value), rid);
        documents++;
      }
    } catch (err) {
      throw new DataDirError(shownAs, `holds damaged data (${(err as Error).message}); it was left as it is`);
    }
    return { collections: byUuid.size, documents };
  }

  /** Every command's changes, in order, in one transaction: one commit, one sync. */
  write(commands: readonly (readonly StorageOp[])[]): Promise<void> {
    return this.env.transaction(() => {
      for (const ops of commands) {
        for (const op of ops) {
          const table = op.table === 'docs' ? this.docs : this.catalog;
          if (op.value) table.putSync(op.key, op.value);
          else table.removeSync(op.key);
        }
      }
    });
  }

  /** LMDB's own transaction counter: how many commits the file has seen. */
  lastTransactionId(): number {
    return (this.env.getStats() as { lastTxnId: number }).lastTxnId;
  }

  close(): Promise<void> {
    return this.env.close();
  }
}

/**
 * A new file gets the format marker; an existing one must carry it. An LMDB file without it
 * is another program's (or a first start that died before writing anything: nothing in it).
 */
function checkFormat(env: RootDatabase, shownAs: string): void {
  const existing = (name: string) => env.openDB<string, string>({ name, encoding: 'string', create: false } as OpenOptions);
  const stored = existing('meta')?.get('format');
  if (stored === undefined) {
    if (!isBlank(env)) {
      throw new DataDirError(
        shownAs,
        'holds an LMDB database written by another program (no Keyhold format marker); it was left as it is: choose another directory',
      );
    }
    const meta = env.openDB<string, string>({ name: 'meta', encoding: 'string' });
    meta.putSync('format', JSON.stringify(FORMAT));
    return;
  }
  let format: { name?: unknown; version?: unknown };
  try {
    format = JSON.parse(stored) as typeof format;
  } catch {
    format = {};
  }
  if (format.name !== FORMAT.name) {
    throw new DataDirError(shownAs, "holds an LMDB database whose format marker is not Keyhold's; it was left as it is: choose another directory");
  }
  if (typeof format.version !== 'number' || format.version > FORMAT.version) {
    throw new DataDirError(
      shownAs,
      `was written by a newer Keyhold (data format ${String(format.version)}; this one reads ${FORMAT.version}); it was left as it is`,
    );
  }
}

/** Nothing but (empty) tables of ours: a first start that stopped before its first write. */
function isBlank(env: RootDatabase): boolean {
  for (const name of env.getKeys({ limit: 10 })) {
    if (!(TABLES as readonly unknown[]).includes(name)) return false;
  }
  return TABLES.every((name) => {
    const table = env.openDB({ name, keyEncoding: 'binary', encoding: 'binary', create: false } as OpenOptions);
    return table === undefined || table.getKeysCount({ limit: 1 }) === 0;
  });
}
