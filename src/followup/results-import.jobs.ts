// The import of a Ministère results file or second-round candidate file uploaded on
// /espace/suivi/resultats, run by the job queue (src/jobs/, decision 0022): a national file takes tens
// of seconds, too long for a request. The page stores the upload, checks what is cheap to check (the
// election, the date, the file's kind from its header) and queues the job; the status page
// (/espace/suivi/resultats/:id) reads its row in `results_imports`, where the worker writes the summary
// and rejected lines, or the reason it failed. The uploaded file is deleted when the job ends.
import { access, rm } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import { nowIso } from '../db/portability.ts';
import { enqueue, type JobQueue, PermanentJobError } from '../jobs/queue.ts';
import { importSecondRound, ResultsError, type SecondRoundSummary } from './results.service.ts';
import { importResultsFile, type ResultsFileSummary } from './results-file.ts';
import * as q from './results-imports.queries.ts';
import { type RefreshSummary, refreshScorecards } from './scorecards.service.ts';

export const RESULTS_IMPORT_JOB = 'followup.results-import';
/** Rejected lines kept for the status page (a national file can reject tens of thousands). */
export const KEPT_REJECTED_LINES = 500;

export type ResultsFileKind = 'results' | 'second-round';

export type ResultsOutcome =
  | { kind: 'results'; summary: ResultsFileSummary; scorecards?: RefreshSummary }
  | { kind: 'second-round'; summary: SecondRoundSummary };

export interface ResultsImportRequest {
  /** The uploaded file, deleted when the job ends. */
  path: string;
  /** Its name as uploaded (recorded as the flags' source). */
  fileName: string;
  electionId: string;
  kind: ResultsFileKind;
  /** Results file only: the results' date (default: the one ending the file's name). */
  date?: string;
  dryRun: boolean;
  /** The user who started it: the audit's actor, and who may see its page. */
  actor: string;
}

export interface ResultsImport {
  id: string;
  userId: string;
  electionId: string;
  kind: ResultsFileKind;
  fileName: string;
  dryRun: boolean;
  status: q.ResultsImportRow['status'];
  /** Once finished: the summary and rejected lines (also when it failed with every line rejected). */
  outcome?: ResultsOutcome;
  /** How many lines were rejected (the outcome keeps the first KEPT_REJECTED_LINES). */
  rejectedTotal: number;
  /** Why it failed, in French. */
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

/** Queues the import (its row and its job in one transaction) and wakes the worker; returns its id. */
export async function queueResultsImport(db: Db, queue: JobQueue, request: ResultsImportRequest): Promise<string> {
  const id = await db.transaction().execute(async (trx) => {
    const jobId = await enqueue({ db: trx }, RESULTS_IMPORT_JOB, request);
    await q.insertResultsImport(trx, {
      id: jobId,
      user_id: request.actor,
      election_id: request.electionId,
      file_kind: request.kind,
      file_name: request.fileName,
      dry_run: request.dryRun ? 1 : 0,
      status: 'queued',
      result: null,
      error: null,
      created_at: nowIso(),
      finished_at: null,
    });
    return jobId;
  });
  queue.notify();
  return id;
}

export async function getResultsImport(db: Db, id: string): Promise<ResultsImport | undefined> {
  const row = await q.findResultsImport(db, id);
  if (!row) return undefined;
  const stored = row.result ? (JSON.parse(row.result) as ResultsOutcome & { rejectedTotal: number }) : undefined;
  return {
    id: row.id,
    userId: row.user_id,
    electionId: row.election_id,
    kind: row.file_kind,
    fileName: row.file_name,
    dryRun: row.dry_run === 1,
    status: row.status,
    outcome: stored,
    rejectedTotal: stored?.rejectedTotal ?? 0,
    error: row.error ?? undefined,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
  };
}

async function runImport(db: Db, r: ResultsImportRequest): Promise<ResultsOutcome> {
  const options = { electionId: r.electionId, dryRun: r.dryRun, actor: r.actor, fileName: r.fileName };
  if (r.kind === 'second-round') return { kind: 'second-round', summary: await importSecondRound(db, r.path, options) };
  const summary = await importResultsFile(db, r.path, { ...options, date: r.date || undefined });
  const scorecards = r.dryRun ? undefined : await refreshScorecards(db, r.electionId, { actor: r.actor });
  return { kind: 'results', summary, scorecards };
}

/** Lines were read and every one was rejected: nothing could be applied. */
function nothingApplied(outcome: ResultsOutcome): boolean {
  const { summary } = outcome;
  if (summary.rejected.length === 0) return false;
  return outcome.kind === 'results' ? outcome.summary.decided === 0 : outcome.summary.qualified === 0;
}

/** The outcome as kept for the status page: its summary and the first rejected lines, with their number. */
function stored(outcome: ResultsOutcome): string {
  const { rejected } = outcome.summary;
  return JSON.stringify({
    ...outcome,
    summary: { ...outcome.summary, rejected: rejected.slice(0, KEPT_REJECTED_LINES) },
    rejectedTotal: rejected.length,
  });
}

/** The worker side, registered at composition (src/web/app.tsx). */
export function handleResultsImportJobs(queue: JobQueue, db: Db): void {
  queue.handle(RESULTS_IMPORT_JOB, async (payload, job) => {
    const request = payload as ResultsImportRequest;
    await q.markResultsImportRunning(db, job.id);
    const finish = (status: 'done' | 'failed', outcome: ResultsOutcome | null, error: string | null) =>
      q.finishResultsImport(db, job.id, { status, result: outcome && stored(outcome), error, now: nowIso() });
    try {
      if (
        !(await access(request.path).then(
          () => true,
          () => false,
        ))
      ) {
        // Deleted meanwhile (or an uploads folder this instance does not share).
        await finish('failed', null, 'le fichier déposé n’est plus disponible : déposez-le à nouveau');
        return;
      }
      const outcome = await runImport(db, request);
      if (nothingApplied(outcome)) {
        const n = outcome.summary.rejected.length;
        await finish('failed', outcome, `aucune ligne du fichier n’a pu être appliquée (${n} ligne(s) rejetée(s))`);
      } else {
        await finish('done', outcome, null);
      }
    } catch (error) {
      if (error instanceof ResultsError) {
        await finish('failed', null, error.message);
        return;
      }
      // Not the file's fault: kept as a failed job for an operator (`pacte jobs`), not tried again
      // (the file is gone).
      await finish('failed', null, 'erreur interne pendant l’import ; l’administrateur en a été informé');
      throw new PermanentJobError(error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      await rm(request.path, { force: true });
    }
  });
}
