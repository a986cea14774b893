import type { ChangeSink, Collection, Entry } from '../collection.js';
import type { GroupCommit } from './group-commit.js';
import { catalogKey, docKey, encodeCatalog, encodeDoc, type StorageOp } from './records.js';

type Change =
  | { readonly kind: 'catalog'; readonly coll: Collection }
  | { readonly kind: 'drop'; readonly coll: Collection; readonly rids: readonly number[] }
  | { readonly kind: 'put'; readonly coll: Collection; readonly entry: Entry }
  | { readonly kind: 'remove'; readonly coll: Collection; readonly rid: number };

/**
 * Collects what one command changes, as the store makes the changes, and hands them to the
 * group commit as one unit when the command ends: they reach the disk together or not at all.
 */
export class Journal implements ChangeSink {
  private changes: Change[] = [];

  constructor(private readonly commits: GroupCommit) {}

  collectionChanged(coll: Collection): void {
    // createIndexes with three indexes rewrites the same catalog record three times: once is enough.
    const last = this.changes.at(-1);
    if (last?.kind === 'catalog' && last.coll === coll) return;
    this.changes.push({ kind: 'catalog', coll });
  }

  collectionDropped(coll: Collection): void {
    this.changes.push({ kind: 'drop', coll, rids: [...coll.entries.values()].map((e) => e.rid) });
  }

  documentWritten(coll: Collection, entry: Entry): void {
    this.changes.push({ kind: 'put', coll, entry });
  }

  documentRemoved(coll: Collection, entry: Entry): void {
    this.changes.push({ kind: 'remove', coll, rid: entry.rid });
  }

  /**
   * Ends the running command. Resolves once its changes are durable; undefined when it
   * changed nothing. Encoded now, while the store is as the command left it (catalog records
   * are read from the live collection; documents are immutable anyway).
   */
  commitCommand(): Promise<void> | undefined {
    if (this.changes.length === 0) return undefined;
    const ops: StorageOp[] = [];
    for (const change of this.changes) {
      switch (change.kind) {
        case 'catalog':
          ops.push({ table: 'catalog', key: catalogKey(change.coll), value: encodeCatalog(change.coll) });
          break;
        case 'drop':
          ops.push({ table: 'catalog', key: catalogKey(change.coll) });
          for (const rid of change.rids) ops.push({ table: 'docs', key: docKey(change.coll, rid) });
          break;
        case 'put':
          ops.push({ table: 'docs', key: docKey(change.coll, change.entry.rid), value: encodeDoc(change.entry) });
          break;
        case 'remove':
          ops.push({ table: 'docs', key: docKey(change.coll, change.rid) });
          break;
      }
    }
    this.changes = [];
    return this.commits.submit(ops);
  }
}
