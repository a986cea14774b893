import { Collection } from './collection.js';
import { CommandError } from './errors.js';
import type { Doc } from './values.js';

/** Databases are plain namespaces: a map of collections, created on first write. */
export class Store {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection a write goes to, created implicitly as the server does. */
  ensureCollection(db: string, name: string, options: Doc = {}): { coll: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { coll: existing, created: false };
    assertValidNamespace(db, name);
    const coll = new Collection(db, name, options);
    let collections = this.dbs.get(db);
    if (!collections) this.dbs.set(db, (collections = new Map()));
    collections.set(name, coll);
    return { coll, created: true };
  }

  dropCollection(db: string, name: string): boolean {
    const collections = this.dbs.get(db);
    const dropped = collections?.delete(name) ?? false;
    if (collections?.size === 0) this.dbs.delete(db);
    return dropped;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  clear(): void {
    this.dbs.clear();
  }
}

export function assertValidNamespace(db: string, name: string): void {
  const badDb = db.length === 0 || /[/\\. "$\0]/.test(db);
  const badColl = name.length === 0 || name.includes('\0') || name.startsWith('.') || name.includes('$');
  if (badDb || badColl) throw new CommandError('InvalidNamespace', `Invalid namespace specified '${db}.${name}'`);
}
