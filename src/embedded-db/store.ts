import { Collection, NO_CHANGE_SINK, type ChangeSink, type CollectionOptions } from './collection.js';
import { CommandError } from './errors.js';
import type { Doc } from './values.js';

/** Databases are plain namespaces: a map of collections, created on first write. */
export class Store {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  /** `sink` hears of every change (a durable store writes them to disk). */
  constructor(private readonly sink: ChangeSink = NO_CHANGE_SINK) {}

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection a write goes to, created implicitly as the server does. */
  ensureCollection(db: string, name: string, options: Doc = {}): { coll: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { coll: existing, created: false };
    assertValidNamespace(db, name);
    const coll = this.add(db, name, options, {});
    this.sink.collectionChanged(coll);
    return { coll, created: true };
  }

  /** Puts back a collection read from disk (empty: its indexes and documents follow); no one is told. */
  restoreCollection(db: string, name: string, options: Doc, opts: Pick<CollectionOptions, 'uuid'>): Collection {
    if (this.collection(db, name)) throw new Error(`restoreCollection: ${db}.${name} is already there`);
    return this.add(db, name, options, opts);
  }

  dropCollection(db: string, name: string): boolean {
    const collections = this.dbs.get(db);
    const coll = collections?.get(name);
    if (!coll) return false;
    this.sink.collectionDropped(coll);
    collections!.delete(name);
    if (collections!.size === 0) this.dbs.delete(db);
    return true;
  }

  dropDatabase(db: string): void {
    for (const coll of this.collections(db)) this.sink.collectionDropped(coll);
    this.dbs.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  /** Forgets everything held in memory; tells no one (what is on disk stays). */
  clear(): void {
    this.dbs.clear();
  }

  private add(db: string, name: string, options: Doc, opts: Pick<CollectionOptions, 'uuid'>): Collection {
    const coll = new Collection(db, name, options, { ...opts, sink: this.sink });
    let collections = this.dbs.get(db);
    if (!collections) this.dbs.set(db, (collections = new Map<string, Collection>()));
    collections.set(name, coll);
    return coll;
  }
}

export function assertValidNamespace(db: string, name: string): void {
  const badDb = db.length === 0 || /[/\\. "$\0]/.test(db);
  const badColl = name.length === 0 || name.includes('\0') || name.startsWith('.') || name.includes('$');
  if (badDb || badColl) throw new CommandError('InvalidNamespace', `Invalid namespace specified '${db}.${name}'`);
}
