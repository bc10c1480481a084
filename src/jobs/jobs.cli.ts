// `pacte jobs` and `pacte jobs retry`: what the background job queue holds, and failed jobs put back.
import type { Connection } from '../db/connection.ts';
import { failedJobs, jobCounts, retryFailedJobs } from './queue.ts';

const STATUS_LABEL: Record<string, string> = {
  queued: 'en attente',
  running: 'en cours',
  failed: 'en échec',
};

/** Prints the jobs waiting, running and failed by kind, then the last failed ones with their error. */
export async function jobsStatusCli(connection: Connection): Promise<void> {
  const counts = await jobCounts(connection);
  if (counts.length === 0) {
    console.log('File de tâches vide : aucune tâche en attente, en cours ou en échec.');
    return;
  }
  for (const row of counts.sort((a, b) => a.kind.localeCompare(b.kind) || a.status.localeCompare(b.status))) {
    console.log(`${row.kind} — ${STATUS_LABEL[row.status] ?? row.status} : ${row.n}`);
  }
  const failed = await failedJobs(connection);
  if (failed.length === 0) return;
  console.log('\nDernières tâches en échec (pacte jobs retry ID… pour les relancer) :');
  for (const job of failed) {
    console.log(`${job.id}  ${job.kind}  ${job.attempts} essai(s), ${job.finished_at ?? ''}  ${job.last_error ?? ''}`);
  }
}

/** Puts failed jobs back in the queue: those named, or all with `all`. */
export async function jobsRetryCli(connection: Connection, { ids, all }: { ids: string[]; all: boolean }) {
  const n = await retryFailedJobs(connection, all ? undefined : ids);
  console.log(
    n === 0
      ? 'Aucune tâche en échec à relancer.'
      : `${n} tâche(s) remise(s) en file : les instances en marche les exécutent dans les secondes qui viennent.`,
  );
}
