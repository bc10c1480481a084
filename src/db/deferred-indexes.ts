import { sql } from 'kysely';
import type { Db, Dialect } from './connection.ts';

interface Definition {
  name: string;
  definition: string;
}

/**
 * Bulk loading into an empty table is faster without its secondary indexes and, on PostgreSQL,
 * without its foreign-key triggers (checked row by row otherwise): building an index once at the
 * end costs far less than maintaining it per row, and a foreign key added back is validated in
 * one pass — PostgreSQL's manual gives the same advice for bulk loads. Definitions are read from
 * the catalog, dropped, and re-created by the returned function, inside the caller's transaction,
 * so nothing is lost if the load fails. (SQLite cannot drop a foreign key; its checks are cheap.)
 */
export async function dropSecondaryIndexes(
  db: Db,
  dialect: Dialect,
  table: string,
  options: {
    /**
     * PostgreSQL: add the foreign keys back NOT VALID — checked for every later write, not for the
     * rows just loaded (their validation was a join of the whole table, ~2.4 s for the national
     * candidacies). Only for a loader that links rows to parents it has just written or read.
     */
    validateForeignKeys?: boolean;
  } = {},
): Promise<() => Promise<void>> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<Definition>`
      select name, sql as definition from sqlite_master
      where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
    for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(db);
    return async () => {
      // Building an index sorts every row: in a temporary file (the OS page cache), not in the
      // process's memory as with temp_store = MEMORY (tens of MB for one index of a national import).
      // SQLite refuses the change once the transaction has used temporary storage (a sort, a temp
      // b-tree — found by the importer fuzz test on RNE files): the rebuild then sorts in memory.
      await sql`pragma temp_store = file`.execute(db).catch(() => {});
      for (const { definition } of rows) await sql.raw(definition).execute(db);
    };
  }
  const foreignKeys = (
    await sql<Definition>`
      select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = ${table}::regclass and contype = 'f'`.execute(db)
  ).rows;
  const indexes = (
    await sql<Definition>`
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.tablename = ${table} and i.schemaname = current_schema()
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
  ).rows;
  for (const { name } of foreignKeys)
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(name)}`.execute(db);
  for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(db);
  return async () => {
    // Each index is built by one sort: in memory up to maintenance_work_mem (64 MB by default, less
    // than one index of a national import), on disk beyond. Server memory, for this transaction only.
    await sql`set local maintenance_work_mem = '256MB'`.execute(db);
    for (const { definition } of indexes) await sql.raw(definition).execute(db);
    const notValid = options.validateForeignKeys === false;
    for (const { name, definition } of foreignKeys) {
      const added = notValid && !/not valid$/i.test(definition) ? `${definition} NOT VALID` : definition;
      await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)} ${sql.raw(added)}`.execute(db);
    }
  };
}
