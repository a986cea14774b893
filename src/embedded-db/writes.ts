import type { Collection, Entry } from './collection.js';
import type { Store } from './store.js';
import { applyUpdate, buildUpsertDocument, type UpdateContext, type UpdateSpec } from './update.js';
import { sameBson } from './values.js';

/** The one path every update takes (update, findAndModify): compute a copy, then swap it in. */
export function updateEntry(coll: Collection, entry: Entry, spec: UpdateSpec, ctx: UpdateContext): { entry: Entry; modified: boolean } {
  const updated = applyUpdate(entry.doc, spec, ctx);
  if (sameBson(entry.doc, updated)) return { entry, modified: false };
  return { entry: coll.replace(entry, updated), modified: true };
}

/** The insert half of an upsert, creating the collection if this is its first write. */
export function upsertEntry(store: Store, db: string, name: string, spec: UpdateSpec, ctx: UpdateContext): Entry {
  const doc = buildUpsertDocument(spec, ctx);
  return store.ensureCollection(db, name).coll.insert(doc);
}
