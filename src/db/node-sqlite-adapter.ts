import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

/**
 * Gives Kysely's SqliteDialect the better-sqlite3-shaped object it expects,
 * on top of Node's built-in node:sqlite (no native build step).
 */
export function openNodeSqlite(path: string): {
  raw: DatabaseSync;
  database: SqliteDatabase;
  allArrays: (sql: string, parameters: ReadonlyArray<unknown>) => unknown[][];
  allObjects: (sql: string, parameters: ReadonlyArray<unknown>) => unknown[];
} {
  const raw = new DatabaseSync(path);
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  // Sorts and temporary b-trees (ORDER BY on every public page) in memory, not in a temporary file.
  raw.exec('PRAGMA temp_store = MEMORY');
  // Kysely prepares every query it runs; compiling the SQL each time was a fifth of a commune
  // page's CPU time. Statements are kept per SQL text (bounded, least recently used dropped).
  // all() and run() finish before returning, so sharing a statement is safe; iterate() (streams)
  // gets its own statement, as another query may run the same SQL while a stream is open.
  const cache = new Map<string, { stmt: StatementSync; reader: boolean; limits: LimitSlots | undefined }>();
  const cached = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) cache.delete(sql);
    else {
      const stmt = raw.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0, limits: limitSlots(sql) };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, entry);
    return entry;
  };
  const params = (p: ReadonlyArray<unknown>) => p as SQLInputValue[];
  // Rows as arrays (db/array-rows.ts): statements of their own, as return-arrays is a statement setting.
  const arrayStatements = new Map<string, StatementSync>();
  const database: SqliteDatabase = {
    close: () => {
      cache.clear();
      arrayStatements.clear();
      objectStatements.clear();
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const { stmt, reader, limits } = cached(sql);
      return {
        reader,
        all: (p) => {
          const inlined = limits && withLiteralLimits(limits, p);
          if (inlined) return cached(inlined.sql).stmt.all(...params(inlined.parameters));
          return stmt.all(...params(p));
        },
        run: (p) => {
          const r = stmt.run(...params(p));
          return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
        },
        iterate: (p) => raw.prepare(sql).iterate(...params(p)) as IterableIterator<unknown>,
      };
    },
  };
  const allArrays = (sql: string, p: ReadonlyArray<unknown>) => {
    let stmt = arrayStatements.get(sql);
    if (!stmt) {
      if (arrayStatements.size >= 50) arrayStatements.clear();
      stmt = raw.prepare(sql);
      stmt.setReturnArrays(true);
      arrayStatements.set(sql, stmt);
    }
    return stmt.all(...params(p)) as unknown as unknown[][];
  };
  // Direct reads (db/reusable-query.ts): node:sqlite's row objects are dictionaries (~120 ns per
  // field read, 3.0 µs to fetch a commune page's candidacy). Fetched as arrays (2.1 µs) and made
  // object literals by a function built once per statement from its column names, the rows read
  // fast and are the same values under the same keys (decision 0028); plain objects, where
  // node:sqlite's have no prototype.
  const objectStatements = new Map<
    string,
    { stmt: StatementSync; build: RowBuilder; limits: LimitSlots | undefined }
  >();
  const allObjects = (sql: string, p: ReadonlyArray<unknown>): unknown[] => {
    // `*` (select *, count(*)): the columns may change with the schema while the statement is
    // cached (a migration run by another process), so these rows stay node:sqlite's own.
    if (sql.includes('*')) return database.prepare(sql).all(p);
    let entry = objectStatements.get(sql);
    if (!entry) {
      if (objectStatements.size >= 200) objectStatements.clear();
      const stmt = raw.prepare(sql);
      stmt.setReturnArrays(true);
      entry = { stmt, build: rowBuilder(stmt.columns().map((c) => c.name)), limits: limitSlots(sql) };
      objectStatements.set(sql, entry);
    }
    const inlined = entry.limits && withLiteralLimits(entry.limits, p);
    if (inlined) return allObjects(inlined.sql, inlined.parameters);
    const rows = entry.stmt.all(...params(p)) as unknown as unknown[][];
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = entry.build(rows[i] as unknown[]);
    return out;
  };
  return { raw, database, allArrays, allObjects };
}

type RowBuilder = (row: unknown[]) => unknown;

/** `{ "name": row[0], … }` compiled once: objects with one shared shape, whose fields read fast. */
function rowBuilder(names: string[]): RowBuilder {
  // A literal's `"__proto__":` would set the prototype instead of a field.
  if (names.includes('__proto__')) return (row) => Object.fromEntries(names.map((n, i) => [n, row[i]]));
  const fields = names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ');
  return new Function('r', `return { ${fields} };`) as RowBuilder;
}

/**
 * A `LIMIT ?` or `OFFSET ?` bound as a parameter costs SQLite up to ~0.15 ms more per run than the
 * same number written in the SQL (measured on the commune page's signatures query, zero rows, node:sqlite
 * 3.53: 165 µs against 12 µs). Kysely binds every limit, so the adapter writes integer limits and
 * offsets into the SQL text before running it (one cached statement per distinct value: pages use a few).
 */
interface LimitSlots {
  /** The SQL cut at each limit/offset placeholder. */
  pieces: string[];
  /** Index, among the parameters, of each limit/offset placeholder. */
  slots: number[];
}

/** Where the SQL has `limit ?`/`offset ?` (placeholders counted outside quoted strings and names). */
function limitSlots(sql: string): LimitSlots | undefined {
  if (!/\b(limit|offset) \?/i.test(sql)) return undefined;
  const pieces: string[] = [];
  const slots: number[] = [];
  let parameter = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '?') {
      if (/\b(limit|offset) $/i.test(sql.slice(Math.max(0, i - 7), i))) {
        pieces.push(sql.slice(start, i));
        slots.push(parameter);
        start = i + 1;
      }
      parameter++;
    }
  }
  if (slots.length === 0) return undefined;
  pieces.push(sql.slice(start));
  return { pieces, slots };
}

function withLiteralLimits(limits: LimitSlots, parameters: ReadonlyArray<unknown>) {
  const values = limits.slots.map((i) => parameters[i]);
  if (!values.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) return undefined;
  let sql = limits.pieces[0] as string;
  for (let i = 0; i < values.length; i++) sql += `${values[i]}${limits.pieces[i + 1]}`;
  const skip = new Set(limits.slots);
  return { sql, parameters: parameters.filter((_, i) => !skip.has(i)) };
}
