import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * Runs a compiled read at once (SQLite: synchronously; PostgreSQL: a promise), or answers undefined
 * when it must wait for Kysely's connection. `name` is the same for the same SQL text: PostgreSQL
 * keeps it as a named prepared statement on each pooled connection.
 */
export type DirectReader = (
  sql: string,
  parameters: readonly unknown[],
  name: string,
  options: ReusableQueryOptions,
) => unknown[] | Promise<unknown[]> | undefined;

export interface ReusableQueryOptions {
  /**
   * PostgreSQL: run as its own statement, never in a batch of queries asked for together
   * (db/pg-batch.ts). For queries that may return thousands of rows: PostgreSQL writes plain rows
   * several times faster than it builds their JSON.
   */
  alone?: boolean;
}
const directReaders = new WeakMap<Kysely<any>, DirectReader>();

/**
 * Reusable queries skip Kysely's executor when the connection registered a reader (db/connection.ts).
 * SQLite: run on the connection directly, synchronously, unless a transaction is open on it (then
 * through Kysely, which waits for it); Kysely's executor, its connection lock and its promise hops
 * cost as much as a small query itself. PostgreSQL: run on the pool as named prepared statements,
 * so each pooled connection parses and analyses a query once, not on every page. A transaction's
 * Kysely instance has no reader: its reads go through Kysely, on the transaction's connection.
 */
export function registerDirectReader(db: Kysely<any>, reader: DirectReader) {
  directReaders.set(db, reader);
}

/**
 * A query built and compiled once per database (per Kysely instance: each engine gets its own
 * SQL), then run with new argument values. For hot queries with a large builder tree: building and
 * compiling the commune page's query (four JSON subqueries) cost several times running it on SQLite.
 *
 * `build` is called once with sentinel strings; each argument must reach the SQL as a bound
 * parameter, unchanged (a `where(column, '=', arg)`, not a computed value).
 */
export function reusableQuery<A extends string[], R>(
  build: (db: Kysely<any>, ...args: A) => Compilable<R>,
  options: ReusableQueryOptions = {},
): (db: Kysely<any>, ...args: A) => Promise<R[]> {
  const compiledFor = new WeakMap<
    Kysely<any>,
    { compiled: CompiledQuery<R>; slots: (number | undefined)[]; name: string }
  >();
  return async (db, ...args) => {
    let entry = compiledFor.get(db);
    if (!entry) {
      const sentinels = args.map((_, i) => `\u0000reusable-argument-${i}\u0000`) as A;
      const compiled = build(db, ...sentinels).compile();
      const slots = compiled.parameters.map((p) => {
        const i = sentinels.indexOf(p as string);
        return i >= 0 ? i : undefined;
      });
      const missing = sentinels.findIndex((_, i) => !slots.includes(i));
      if (missing >= 0) throw new Error(`reusableQuery: argument ${missing} is not a bound parameter`);
      const name = `pacte_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`;
      entry = { compiled, slots, name };
      compiledFor.set(db, entry);
    }
    const { compiled, slots, name } = entry;
    const parameters = compiled.parameters.map((p, j) => {
      const slot = slots[j];
      return slot === undefined ? p : args[slot];
    });
    const direct = directReaders.get(db)?.(compiled.sql, parameters, name, options);
    if (direct) return (await direct) as R[];
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}

/** Distinct SQL texts given a name by `runPrepared` (per process); beyond, they run unnamed. */
const MAX_PREPARED_SHAPES = 500;
const preparedNames = new Map<string, string>();

/**
 * Runs a query compiled by the caller (its SQL varies over a bounded set of shapes, e.g. with the
 * number of words searched) like a reusable query: SQLite directly on the connection, PostgreSQL as
 * a named prepared statement (named after its SQL), parsed once and planned by PostgreSQL's plan
 * cache. `prepare: false` runs it unnamed on PostgreSQL: planned on every call with the values, for
 * a statement whose generic plan would be poor.
 */
export async function runPrepared<R>(
  db: Kysely<any>,
  compiled: CompiledQuery<R>,
  { prepare = true, ...options }: ReusableQueryOptions & { prepare?: boolean } = {},
): Promise<R[]> {
  let name = prepare ? preparedNames.get(compiled.sql) : '';
  if (name === undefined) {
    name =
      preparedNames.size < MAX_PREPARED_SHAPES
        ? `pacte_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`
        : '';
    if (name) preparedNames.set(compiled.sql, name);
  }
  const direct = directReaders.get(db)?.(compiled.sql, compiled.parameters, name, options);
  if (direct) return (await direct) as R[];
  return (await db.executeQuery<R>(compiled)).rows;
}
