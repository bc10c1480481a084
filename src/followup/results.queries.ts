import type { Selectable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type ResultRow = Selectable<Database['election_results']>;

export function resultsOfSource(db: Db, electionId: string, source: string, flag: string) {
  return db
    .selectFrom('election_results')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('source', '=', source)
    .where('flag', '=', flag)
    .execute();
}

/** Rows inserted a few hundred per statement. */
export async function insertResults(db: Db, rows: ResultRow[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('election_results')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function updateResult(
  db: Db,
  id: string,
  values: Partial<Pick<ResultRow, 'current' | 'as_of' | 'detail' | 'source_ref' | 'updated_at' | 'ended_at'>>,
) {
  await db.updateTable('election_results').set(values).where('id', '=', id).execute();
}

/** Current flags of some targets (lists or candidacies). */
export async function flagsOfTargets(db: Db, targetType: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('election_results')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', 'in', ids)
    .where('current', '=', 1)
    .execute();
}

export async function currentElected(db: Db, electionId: string) {
  return db
    .selectFrom('election_results')
    .select(['target_type', 'target_id', 'ballot_id', 'detail', 'as_of'])
    .where('election_id', '=', electionId)
    .where('flag', '=', 'elected')
    .where('current', '=', 1)
    .execute();
}

export async function currentQualified(db: Db, electionId: string) {
  return db
    .selectFrom('election_results')
    .select(['target_type', 'target_id'])
    .where('election_id', '=', electionId)
    .where('flag', '=', 'qualified')
    .where('current', '=', 1)
    .execute();
}
