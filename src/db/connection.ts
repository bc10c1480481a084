import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { registerArrayReader } from './array-rows.ts';
import { DATA_VERSION_KEY, DataVersion } from './data-version.ts';
import { openNodeSqlite } from './node-sqlite-adapter.ts';
import { batchingReader } from './pg-batch.ts';
import { registerDirectReader } from './reusable-query.ts';
import type { Database } from './schema.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';
import {
  openPostgresWriteSession,
  openSqliteWriteSession,
  type WriteSession,
  type WriteSessionOptions,
} from './write-session.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Connection {
  db: Db;
  /** The DATABASE_URL this connection was opened with (worker threads open their own). */
  url: string;
  dialect: Dialect;
  /** Changes whenever public data is written (see data-version.ts): keys page caches and ETags. */
  dataVersion: DataVersion;
  /** A transaction on a dedicated connection, for bulk imports (see write-session.ts). */
  openWriteSession(options?: WriteSessionOptions): Promise<WriteSession>;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count(*)) and numeric as strings; numbers here stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export function connect(databaseUrl: string): Connection {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = sqlitePath(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const { raw, database, allArrays, allObjects } = openNodeSqlite(path);
    const dataVersion = new DataVersion(storedVersionReader(raw));
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database }),
      plugins: [dataVersion.plugin],
    });
    dataVersion.attach(db);
    // Through Kysely's connection lock: never inside another request's transaction on the one connection.
    registerArrayReader(db, (q) => db.connection().execute(async () => allArrays(q.sql, q.parameters)));
    registerDirectReader(db, (sql, parameters) => (raw.isTransaction ? undefined : allObjects(sql, parameters)));
    return {
      db,
      url: databaseUrl,
      dialect: 'sqlite',
      dataVersion,
      openWriteSession: async (options) => {
        if (path === ':memory:') throw new Error('bulk write sessions need a database file');
        return openSqliteWriteSession(path, options);
      },
      close: () => closeWhenSettled(db, dataVersion),
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const dataVersion = new DataVersion();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [dataVersion.plugin] });
  dataVersion.attach(db);
  registerArrayReader(db, async (q) => {
    const result = await pool.query({ text: q.sql, values: [...q.parameters], rowMode: 'array' });
    return result.rows as unknown[][];
  });
  registerDirectReader(db, batchingReader(pool));
  return {
    db,
    url: databaseUrl,
    dialect: 'postgres',
    dataVersion,
    openWriteSession: () => openPostgresWriteSession(pool),
    close: () => closeWhenSettled(db, dataVersion),
  };
}

async function closeWhenSettled(db: Db, dataVersion: DataVersion) {
  await dataVersion.settled();
  await db.destroy();
}

/** Reads the stored data version with one prepared statement (none until the settings table exists). */
function storedVersionReader(raw: DatabaseSync): () => string | undefined {
  let statement: StatementSync | undefined;
  return () => {
    try {
      statement ??= raw.prepare('SELECT value FROM settings WHERE key = ?');
      return (statement.get(DATA_VERSION_KEY) as { value: string } | undefined)?.value;
    } catch {
      return undefined;
    }
  };
}
