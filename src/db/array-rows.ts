import { type Compilable, type CompiledQuery, SqliteAdapter } from 'kysely';
import type { Db } from './connection.ts';

/**
 * Reading rows as arrays (one value per selected column, in select order) instead of objects, for
 * the large streamed exports: node:sqlite (`setReturnArrays`) and pg (`rowMode: 'array'`) then
 * build no object per row, which was a good part of the CPU time and of the garbage of the export
 * of the ~900,000 candidacies. The query is still built and compiled by Kysely; only its execution
 * bypasses Kysely's result objects. `connect()` registers the reader of each connection's Kysely
 * instance; another instance (a transaction's) falls back to Kysely and `Object.values`.
 */
export type ArrayReader = (query: CompiledQuery) => Promise<unknown[][]>;

const readers = new WeakMap<object, ArrayReader>();

export function registerArrayReader(db: Db, reader: ArrayReader): void {
  readers.set(db, reader);
}

/** Runs a read query; each row is the array of its selected columns' values, in select order. */
export async function selectArrays(db: Db, query: Compilable): Promise<unknown[][]> {
  const compiled = query.compile();
  const reader = readers.get(db);
  if (reader) return reader(compiled);
  const result = await db.executeQuery(compiled);
  return result.rows.map((row) => Object.values(row as object));
}

/**
 * Rows per page of a large read in keyset pages. SQLite: 2,000, as each page is one synchronous
 * read during which the server answers nothing else (~7 ms). PostgreSQL: 5,000, as each page is a
 * round trip to another process (full export of the candidacies: ~12 % less CPU time in this process
 * and in PostgreSQL's than with 2,000).
 */
export function largeReadPageSize(db: Db): number {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 2000 : 5000;
}
