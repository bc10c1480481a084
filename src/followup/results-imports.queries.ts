// Data access for the results imports run as jobs (table `results_imports`, migration 0023).
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type ResultsImportRow = Database['results_imports'];

export async function insertResultsImport(db: Db, row: ResultsImportRow): Promise<void> {
  await db.insertInto('results_imports').values(row).execute();
}

export async function findResultsImport(db: Db, id: string): Promise<ResultsImportRow | undefined> {
  return db.selectFrom('results_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A worker took it (again, after a crash of the instance that had it). */
export async function markResultsImportRunning(db: Db, id: string): Promise<void> {
  await db
    .updateTable('results_imports')
    .set({ status: 'running', result: null, error: null, finished_at: null })
    .where('id', '=', id)
    .execute();
}

export async function finishResultsImport(
  db: Db,
  id: string,
  outcome: { status: 'done' | 'failed'; result: string | null; error: string | null; now: string },
): Promise<void> {
  await db
    .updateTable('results_imports')
    .set({ status: outcome.status, result: outcome.result, error: outcome.error, finished_at: outcome.now })
    .where('id', '=', id)
    .execute();
}
