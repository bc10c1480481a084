import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './connection.ts';
import { openNodeSqlite } from './node-sqlite-adapter.ts';
import type { Database } from './schema.ts';

type Value = string | number | null;

/**
 * A transaction on a connection of its own, for bulk writes (official-file imports): the rest of
 * the application keeps its connections, and rows go in at the engine's bulk speed (prepared
 * multi-row statements on SQLite, COPY on PostgreSQL) instead of through the query builder.
 */
export interface WriteSession {
  db: Db;
  insertMany(table: keyof Database, columns: readonly string[], rows: Value[][]): Promise<void>;
  /**
   * Waits until the engine has caught up with the bulk inserts handed over (PostgreSQL: at most
   * a couple of COPYs still queued). A bulk loader calls it between batches, where it holds no
   * rows: waiting inside insertMany kept the caller's rows alive across young collections, so
   * they were promoted and collected by full collections.
   */
  settle(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Another bulk write holds the database (an import started by another instance, or by the command
 * line while the server runs): imports are one at a time per database, whichever process runs them.
 */
export class WriteSessionBusyError extends Error {
  constructor() {
    super('another bulk write is in progress');
  }
}

/** PostgreSQL advisory lock held by a bulk write session until its transaction ends. */
const BULK_WRITE_LOCK = 7_382_011;

/** Runs fn in one transaction on a dedicated connection: committed if fn resolves, rolled back if it throws. */
export async function withWriteSession<T>(open: () => Promise<WriteSession>, fn: (s: WriteSession) => Promise<T>) {
  const session = await open();
  try {
    const result = await fn(session);
    await session.commit();
    return result;
  } catch (error) {
    await session.rollback();
    throw error;
  }
}

const SQLITE_ROWS_PER_STATEMENT = 64;

export interface WriteSessionOptions {
  /**
   * SQLite: check foreign keys row by row (default). A writer that only links rows it has just
   * written or read (the candidate importer) turns this off: on a national file the checks were a
   * parent-table probe per row and reference, about a fifth of the load's CPU time.
   */
  foreignKeys?: boolean;
}

export function openSqliteWriteSession(path: string, options: WriteSessionOptions = {}): WriteSession {
  const { raw, database } = openNodeSqlite(path);
  // Only outside a transaction does SQLite take this pragma into account: before BEGIN.
  if (options.foreignKeys === false) raw.exec('PRAGMA foreign_keys = OFF');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // A bulk transaction touches many index pages: a larger page cache keeps them out of the WAL.
  raw.exec('PRAGMA cache_size = -16384');
  raw.exec('PRAGMA temp_store = MEMORY');
  try {
    // Waits up to busy_timeout (5 s) for another writer, then gives up.
    raw.exec('BEGIN IMMEDIATE');
  } catch (error) {
    raw.close();
    if (/locked|busy/i.test((error as Error).message)) throw new WriteSessionBusyError();
    throw error;
  }
  const statements = new Map<string, ReturnType<typeof raw.prepare>>();
  const statement = (table: string, columns: readonly string[], rows: number) => {
    const key = `${table}|${columns.join(',')}|${rows}`;
    let stmt = statements.get(key);
    if (!stmt) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      const sql = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${Array(rows).fill(tuple).join(',')}`;
      stmt = raw.prepare(sql);
      statements.set(key, stmt);
    }
    return stmt;
  };
  const finish = async (sql: string) => {
    raw.exec(sql);
    await db.destroy();
  };
  return {
    db,
    async insertMany(table, columns, rows) {
      let i = 0;
      if (rows.length >= SQLITE_ROWS_PER_STATEMENT) {
        const multi = statement(table, columns, SQLITE_ROWS_PER_STATEMENT);
        const params: Value[] = new Array(SQLITE_ROWS_PER_STATEMENT * columns.length);
        for (; i + SQLITE_ROWS_PER_STATEMENT <= rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
          let p = 0;
          for (let r = i; r < i + SQLITE_ROWS_PER_STATEMENT; r++) {
            const row = rows[r] as Value[];
            for (let c = 0; c < row.length; c++) params[p++] = row[c] as Value;
          }
          multi.run(...params);
        }
      }
      const single = statement(table, columns, 1);
      for (; i < rows.length; i++) single.run(...(rows[i] as Value[]));
    },
    settle: async () => {},
    commit: () => finish('COMMIT'),
    rollback: () => finish('ROLLBACK'),
  };
}

const COPY_SPECIAL = /[\\\t\n\r]/;
/** Positions, panels and flags as text without a new string per field. */
const SMALL_INTEGERS: string[] = Array.from({ length: 1024 }, (_, i) => String(i));

function copyEscape(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * COPY text of rows [from, to), as one flat string. Each row's fields go through one reused array
 * joined natively: concatenating field by field made a chain of small strings per field, twice the
 * young-generation allocation of the whole import, which promoted the batches still being written.
 */
function copyText(rows: Value[][], from: number, to: number): string {
  const lines: string[] = new Array(to - from);
  const fields: string[] = [];
  for (let r = from; r < to; r++) {
    const row = rows[r] as Value[];
    fields.length = row.length;
    for (let c = 0; c < row.length; c++) {
      const v = row[c] as Value;
      fields[c] =
        v === null
          ? '\\N'
          : typeof v === 'number'
            ? (SMALL_INTEGERS[v] ?? String(v))
            : COPY_SPECIAL.test(v)
              ? copyEscape(v)
              : v;
    }
    lines[r - from] = fields.join('\t');
  }
  return `${lines.join('\n')}\n`;
}

/** ~100 kB of text: under V8's large-object size, so a chunk is collected young. */
const COPY_CHUNK_ROWS = 500;

/**
 * COPYs left waiting for the server after settle(): about two write batches of the candidate
 * importer (ballots, lists, people, candidacies each), so the server ingests them while this
 * process parses and validates the next ones (a few MB of encoded text, off the JS heap).
 */
const MAX_COPIES_SETTLED = 8;
/** insertMany itself waits beyond this many (for writers that never call settle()). */
const MAX_COPIES_IN_FLIGHT = 16;

export async function openPostgresWriteSession(pool: pg.Pool): Promise<WriteSession> {
  const client = await pool.connect();
  // One statement at a time on the client (pg 9 refuses a query while another runs): COPYs and
  // queries join one chain, each sent when the one before has finished. The server still ingests
  // a batch while this process prepares the next, since insertMany does not wait for its COPY.
  // (Other connections cannot help: the whole import is one transaction, on this connection.)
  let tail: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(run: () => Promise<T>): Promise<T> => {
    // After a failure nothing more is sent: every later statement rejects with the first error.
    const next = tail.then(run);
    tail = next;
    next.catch(() => {}); // awaited by the caller, or at settle/commit/rollback
    return next;
  };
  // Kysely sees a "pool" that always hands out this one client, so its queries join our transaction.
  const shared = {
    query: (...args: unknown[]) => inOrder(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args)),
    release: () => {},
  };
  const single = { connect: async () => shared, end: async () => {} };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single as never }) });
  await client.query('BEGIN');
  const { rows: locked } = await client.query('select pg_try_advisory_xact_lock($1) as ok', [BULK_WRITE_LOCK]);
  if (!locked[0]?.ok) {
    await client.query('ROLLBACK');
    client.release();
    throw new WriteSessionBusyError();
  }
  // COPYs not yet finished, oldest first: at most this many wait at once.
  const inFlight: Promise<void>[] = [];
  const finish = async (sql: string) => {
    try {
      await client.query(sql);
    } finally {
      client.release();
    }
  };
  return {
    db,
    async insertMany(table, columns, rows) {
      if (rows.length === 0) return;
      const statement = `copy "${table}" (${columns.map((c) => `"${c}"`).join(',')}) from stdin`;
      // Encoded now, off the JS heap: while a COPY waits for the server, it holds a few buffers, not
      // the rows or their text, which would survive young collections and fill the old generation.
      const chunks: Buffer[] = [];
      for (let i = 0; i < rows.length; i += COPY_CHUNK_ROWS) {
        chunks.push(Buffer.from(copyText(rows, i, Math.min(i + COPY_CHUNK_ROWS, rows.length))));
      }
      inFlight.push(inOrder(() => pipeline(Readable.from(chunks), client.query(copyFrom(statement)))));
      while (inFlight.length > MAX_COPIES_IN_FLIGHT) await inFlight.shift();
    },
    async settle() {
      while (inFlight.length > MAX_COPIES_SETTLED) await inFlight.shift();
    },
    async commit() {
      inFlight.length = 0;
      await tail;
      await finish('COMMIT');
    },
    async rollback() {
      inFlight.length = 0;
      await tail.catch(() => {});
      await finish('ROLLBACK');
    },
  };
}
