// Data access for the job queue (table `jobs`, migration 0022). One function per statement.
import { sql, type Updateable } from 'kysely';
import type { Db, Dialect } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type JobRow = Database['jobs'];
export type JobStatus = JobRow['status'];

export async function insertJob(db: Db, row: JobRow): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/**
 * Takes the oldest due job for `worker`, or undefined. On PostgreSQL the row is locked with
 * `FOR UPDATE SKIP LOCKED` inside a transaction: two instances claiming at once each skip the row the
 * other holds, so a job is never handed to two workers and nobody waits. SQLite runs one writer at a
 * time (one machine): a single `UPDATE … WHERE id = (SELECT …) RETURNING` is atomic there.
 */
export async function claimJob(
  db: Db,
  dialect: Dialect,
  worker: string,
  kinds: string[],
  now: string,
): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  if (dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('run_after', '<=', now)
        .where('kind', 'in', kinds)
        .orderBy('run_after')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return undefined;
      return trx
        .updateTable('jobs')
        .set({ status: 'running', locked_by: worker, locked_at: now, attempts: sql`attempts + 1` })
        .where('id', '=', due.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }
  return db
    .updateTable('jobs')
    .set({ status: 'running', locked_by: worker, locked_at: now, attempts: sql`attempts + 1` })
    .where(
      'id',
      '=',
      db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('run_after', '<=', now)
        .where('kind', 'in', kinds)
        .orderBy('run_after')
        .orderBy('id')
        .limit(1),
    )
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** Ends this worker's run of a job; false when the job is no longer running under this worker (taken back as stale). */
async function endRun(db: Db, id: string, worker: string, values: Updateable<JobRow>): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(values)
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The job went through: its payload (an email's address and link…) is not kept; `locked_by` says who ran it. */
export function markDone(db: Db, id: string, worker: string, now: string): Promise<boolean> {
  return endRun(db, id, worker, { status: 'done', payload: '{}', finished_at: now, last_error: null });
}

/** Back in the queue after a failure, to be tried again at `runAfter`. */
export async function markRetry(db: Db, id: string, worker: string, error: string, runAfter: string) {
  await endRun(db, id, worker, {
    status: 'queued',
    run_after: runAfter,
    locked_by: null,
    locked_at: null,
    last_error: error,
  });
}

/** Given up: kept with its payload and last error for an operator to look at. */
export async function markFailed(db: Db, id: string, worker: string, error: string, now: string) {
  await endRun(db, id, worker, {
    status: 'failed',
    finished_at: now,
    locked_by: null,
    locked_at: null,
    last_error: error,
  });
}

/**
 * Jobs whose worker took them before `lockedBefore` and never finished (its instance stopped or
 * crashed): queued again, or failed once they have used every attempt. Returns how many were touched.
 */
export async function recoverStale(db: Db, lockedBefore: string, maxAttempts: number, now: string): Promise<number> {
  const error = 'verrou expiré : l’instance qui exécutait cette tâche s’est arrêtée';
  const failed = await db
    .updateTable('jobs')
    .set({ status: 'failed', finished_at: now, locked_by: null, locked_at: null, last_error: error })
    .where('status', '=', 'running')
    .where('locked_at', '<', lockedBefore)
    .where('attempts', '>=', maxAttempts)
    .executeTakeFirst();
  const requeued = await db
    .updateTable('jobs')
    .set({ status: 'queued', run_after: now, locked_by: null, locked_at: null, last_error: error })
    .where('status', '=', 'running')
    .where('locked_at', '<', lockedBefore)
    .executeTakeFirst();
  return Number(failed.numUpdatedRows) + Number(requeued.numUpdatedRows);
}

/** Finished jobs older than `before` are deleted (failed ones are kept for an operator). */
export async function deleteDoneBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before).execute();
}

/** Number of jobs by kind and status (done ones excluded: they are deleted after a while anyway). */
export async function countJobs(db: Db): Promise<{ kind: string; status: JobStatus; n: number }[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['queued', 'running', 'failed'])
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The most recent failed jobs (payload left out: it may hold personal data). */
export async function listFailed(db: Db, limit: number) {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'attempts', 'created_at', 'finished_at', 'last_error'])
    .where('status', '=', 'failed')
    .orderBy('finished_at', 'desc')
    .limit(limit)
    .execute();
}

/** Failed jobs (all, or those of `ids`) back in the queue with fresh attempts; returns how many. */
export async function requeueFailed(db: Db, ids: string[] | undefined, now: string): Promise<number> {
  let query = db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_after: now, finished_at: null, locked_by: null, locked_at: null })
    .where('status', '=', 'failed');
  if (ids) query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
