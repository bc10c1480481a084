import type { Db } from '../db/connection.ts';
import { perDataVersion } from '../db/data-version.ts';
import { nowIso } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';

export type DataSource = Database['data_sources'];

/** Records that a dataset was loaded (for the /sources page and "last imported" notes). */
export async function recordSourceLoad(db: Db, source: Omit<DataSource, 'loaded_at'>): Promise<void> {
  const row = { ...source, loaded_at: nowIso() };
  await db
    .insertInto('data_sources')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

export async function listSources(db: Db): Promise<DataSource[]> {
  return db.selectFrom('data_sources').selectAll().orderBy('id').execute();
}

/** One source; the table (a handful of rows) is read once per data version: it is on every commune page. */
export async function getSource(db: Db, id: string): Promise<DataSource | undefined> {
  return (await allSources(db)).get(id);
}

const allSources = perDataVersion(
  async (db: Db) => new Map((await listSources(db)).map((source) => [source.id, source] as const)),
);
