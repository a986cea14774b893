import type { Collection, Entry } from './collection.js';

/**
 * Told of every change the store makes, in the order it makes them, so a durable store can
 * write each command's changes to disk. The in-memory store tells no one.
 */
export interface ChangeSink {
  /** Created, or its indexes changed: its catalog record is to be written again. */
  collectionChanged(coll: Collection): void;
  /** Dropped, with every document it still held. */
  collectionDropped(coll: Collection): void;
  documentWritten(coll: Collection, entry: Entry): void;
  documentRemoved(coll: Collection, entry: Entry): void;
}

export const NO_CHANGE_SINK: ChangeSink = {
  collectionChanged() {},
  collectionDropped() {},
  documentWritten() {},
  documentRemoved() {},
};
