import { Aggregator, Query } from 'mingo';
import type { Options } from 'mingo/types';
import { toMatchable, type Doc } from './values.js';

/**
 * One set of mingo options for every query, projection and pipeline. Server-side
 * JavaScript ($where, $function, $accumulator) stays off: this server listens on a socket.
 */
export const MINGO_OPTIONS: Partial<Options> = { idKey: '_id', scriptEnabled: false };

/** A filter compiled once per command; it always runs against matchable views. */
export function compileFilter(filter: Doc | undefined): Query {
  return new Query(toMatchable(filter ?? {}), MINGO_OPTIONS);
}

export function runPipeline(docs: Doc[], pipeline: Doc[], options: Partial<Options> = {}): Doc[] {
  return new Aggregator(pipeline.map(toMatchable), { ...MINGO_OPTIONS, ...options }).run<Doc>(docs);
}
