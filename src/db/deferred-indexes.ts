import { sql } from 'kysely';
import type { Db, Dialect } from './connection.ts';

/**
 * Bulk loading into an empty table is faster without its secondary indexes: building an index
 * once at the end (sorted) costs far less than maintaining it row by row (PostgreSQL's manual
 * gives the same advice). The index definitions are read from the catalog, dropped, and
 * re-created by the returned function — all inside the caller's transaction.
 */
export async function dropSecondaryIndexes(db: Db, dialect: Dialect, table: string): Promise<() => Promise<void>> {
  const definitions =
    dialect === 'sqlite'
      ? (
          await sql<{ name: string; definition: string }>`
            select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db)
        ).rows
      : (
          await sql<{ name: string; definition: string }>`
            select i.indexname as name, i.indexdef as definition from pg_indexes i
            where i.tablename = ${table} and i.schemaname = current_schema()
              and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
        ).rows;
  for (const { name } of definitions) await sql`drop index ${sql.id(name)}`.execute(db);
  return async () => {
    for (const { definition } of definitions) await sql.raw(definition).execute(db);
  };
}
