import { Worker } from 'node:worker_threads';
import type { Connection } from '../../db/connection.ts';
import { nowIso } from '../../db/portability.ts';
import { type ImportSummary, newImportId } from './import.service.ts';
import type { ImportWorkerData, ImportWorkerMessage } from './import.worker.ts';

export interface ImportJobInput {
  path: string;
  /** The file's name as the user knows it. */
  fileName: string;
  electionId?: string;
  dryRun: boolean;
  /** User id, for the audit log. */
  actor: string;
  reportDir?: string;
}

/**
 * Runs in this process once an import has succeeded (the composition layer passes it: the follow-up
 * refresh after an RNE import, web/import-jobs.ts); the job ends when it has run. `actor` is the
 * user who started the import.
 */
export type AfterImport = (summary: ImportSummary, actor: string) => Promise<unknown>;

/** Rows-read updates written to the database at most this often (PostgreSQL). */
const PROGRESS_EVERY_MS = 1000;
/** Same heap budget as `pacte import` (bin/node-options.js): the import streams, its live heap is small. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };

/**
 * Runs official-file imports in the background, one at a time, each in a worker thread. The `imports` row
 * is created when the import starts (status `running`) and completed when it ends (`done`,
 * `dry-run` or `failed` with the French reason), so any instance can show it.
 *
 * Rows read so far are kept here and, on PostgreSQL, written to `imports.progress_rows` once a
 * second. On SQLite the import holds the only write lock until it commits, so progress is served
 * from memory (SQLite means one machine, hence this process).
 */
export class ImportJobs {
  private readonly progress = new Map<string, number>();
  private current: Promise<unknown> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly logError: (error: unknown) => void = console.error,
    private readonly afterImport?: AfterImport,
  ) {}

  /** True while an import started by this process runs. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Rows read so far by a running import of this process. */
  progressOf(importId: string): number | undefined {
    return this.progress.get(importId);
  }

  /**
   * Starts an import and resolves with its id once its `imports` row exists (or once it has
   * failed, the row then saying why). Returns undefined when another import is already running.
   */
  async start(input: ImportJobInput): Promise<string | undefined> {
    if (this.current) return undefined;
    const importId = newImportId();
    this.progress.set(importId, 0);
    const { db, dialect } = this.connection;
    let lastWrite = 0;
    const onProgress = (rows: number) => {
      this.progress.set(importId, rows);
      const now = Date.now();
      if (dialect !== 'postgres' || now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      db.updateTable('imports')
        .set({ progress_rows: rows, progress_at: nowIso() })
        .where('id', '=', importId)
        .where('status', '=', 'running')
        .execute()
        .catch(this.logError);
    };
    let started!: () => void;
    const ready = new Promise<void>((resolve) => {
      started = resolve;
    });
    const workerData: ImportWorkerData = {
      databaseUrl: this.connection.url,
      path: input.path,
      options: {
        importId,
        fileName: input.fileName,
        electionId: input.electionId,
        dryRun: input.dryRun,
        actor: input.actor,
        reportDir: input.reportDir,
      },
    };
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), {
      workerData,
      resourceLimits: WORKER_LIMITS,
    });
    let done: ImportSummary | undefined;
    const job = new Promise<void>((resolve) => {
      worker.on('message', (message: ImportWorkerMessage) => {
        if (message.type === 'started') started();
        else if (message.type === 'done') done = message.summary;
        else if (message.type === 'progress') onProgress(message.rows);
        // The imports row already says why an import failed; only unexpected failures are logged.
        else if (message.type === 'failed' && !message.expected)
          this.logError(new Error(message.stack ?? message.message));
      });
      worker.on('error', (error) => this.logError(error));
      worker.on('exit', () => resolve());
    })
      .then(async () => {
        if (done && this.afterImport) await this.afterImport(done, input.actor).catch(this.logError);
      })
      .finally(() => {
        started();
        this.progress.delete(importId);
        this.current = undefined;
      });
    this.current = job;
    await Promise.race([ready, job]);
    return importId;
  }

  /** Resolves when the running import (if any) has finished: for tests and for shutting down. */
  async idle(): Promise<void> {
    await this.current;
  }
}
