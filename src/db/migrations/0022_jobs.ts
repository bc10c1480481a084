import type { Kysely } from 'kysely';

/**
 * The background job queue (src/jobs/): work done after a response — emails first — stored in the
 * database so it survives a restart and is shared by every instance. A worker claims a job by setting
 * it 'running' with its name and the time (FOR UPDATE SKIP LOCKED on PostgreSQL); timestamps are ISO
 * strings like everywhere else, so they compare the same on both engines.
 */
export function migration0022Jobs() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('run_after', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      // The claim reads the oldest due job of one status; the stale-lock sweep reads 'running' by lock time.
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_after']).execute();
      await db.schema.createIndex('jobs_locked').on('jobs').columns(['status', 'locked_at']).execute();
    },
  };
}
