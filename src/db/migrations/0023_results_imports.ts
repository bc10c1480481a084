import type { Kysely } from 'kysely';

/**
 * A results import started from /espace/suivi/resultats and run by the job queue (src/followup/
 * results-import.jobs.ts): who started it (only they, moderators and admins see its page), what it
 * imports, where it is, and once finished its summary and rejected lines (JSON) or its reason.
 * The id is the job's.
 */
export function migration0023ResultsImports() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('results_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('file_kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
    },
  };
}
