import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/** What the cache of parsed documents may hold, in estimated bytes. */
export const DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;

// Measured with graphql 16: a parsed document costs about 270 bytes of heap per token (the
// token itself, its AST node and the node's location).
const BYTES_PER_TOKEN = 300;

/**
 * Apollo's cache of parsed and validated documents, sized by what an entry really holds.
 * Apollo's default sizes an entry by `JSON.stringify(document)`, which leaves out the source
 * text each document keeps (`loc.source.body`) and its token list: a 400-byte entry can hold a
 * megabyte of padding, and 30 MiB of such entries, gigabytes. Here an entry counts its source
 * (two bytes a character, at worst) and its tokens.
 */
export function createDocumentStore(maxBytes = DOCUMENT_CACHE_BYTES): DocumentStore {
  const cache = new LRUCache<string, DocumentNode>({ maxSize: maxBytes, sizeCalculation: estimatedBytes });
  return {
    async get(key) {
      return cache.get(key);
    },
    async set(key, value) {
      cache.set(key, value);
    },
    async delete(key) {
      return cache.delete(key);
    },
  };
}

/** Heap held by a parsed document, estimated: its source and its tokens. */
export function estimatedBytes(document: DocumentNode): number {
  const loc = document.loc;
  if (!loc) return BYTES_PER_TOKEN;
  let tokens = 0;
  for (let token: typeof loc.startToken | null = loc.startToken; token; token = token.next) tokens += 1;
  return 2 * loc.source.body.length + BYTES_PER_TOKEN * tokens;
}
