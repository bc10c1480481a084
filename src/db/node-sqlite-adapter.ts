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
  const cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  const cached = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) cache.delete(sql);
    else {
      const stmt = raw.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
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
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const { stmt, reader } = cached(sql);
      return {
        reader,
        all: (p) => stmt.all(...params(p)),
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
  return { raw, database, allArrays };
}
