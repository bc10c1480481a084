import type { Db } from '../db/connection.ts';
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

export async function getSource(db: Db, id: string): Promise<DataSource | undefined> {
  return db.selectFrom('data_sources').selectAll().where('id', '=', id).executeTakeFirst();
}
