// The background job queue: work done after a response (emails…) stored in the database, so it survives
// a restart and every instance shares it. Each instance (`pacte serve`) runs a worker: it polls for due
// jobs every few seconds, and at once when this process enqueues one. Handlers are registered by kind
// at composition (src/web/app.tsx), so a domain enqueues work without depending on the one doing it.
//
// Delivery: each job is claimed by one worker (FOR UPDATE SKIP LOCKED on PostgreSQL, see
// jobs.queries.ts), so two instances never run it both. If an instance dies while running a job, the
// job's lock goes stale and another worker runs it again: at least once, and exactly once unless an
// instance dies between doing the work and recording it.
import { hostname } from 'node:os';
import type { Connection } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import * as q from './jobs.queries.ts';

/** Thrown by a handler when trying again cannot help (a malformed address…): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type JobHandler = (payload: unknown, job: { id: string; attempts: number }) => Promise<void>;

export interface JobQueueOptions {
  /** This worker's name in `locked_by` (default: host, process id and a random suffix). */
  workerId?: string;
  /** Where handler failures and worker errors are reported. */
  logError?: (error: unknown) => void;
  /** Idle polling interval of a started worker (jobs of other instances, retries due). */
  pollMs?: number;
  /** Jobs run at once by this worker. */
  concurrency?: number;
  /** Tries before a job is marked failed. */
  maxAttempts?: number;
  /** Delay before the first retry; doubled at each further try. */
  backoffMs?: number;
  /** A running job locked longer than this is taken to be abandoned (its instance stopped). */
  staleMs?: number;
  /** How long done jobs are kept (counts, debugging) before being deleted. */
  keepDoneMs?: number;
}

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAfter?: Date;
}

/** Puts a job in the queue (any instance's worker may run it); returns its id. */
export async function enqueue(
  connection: Pick<Connection, 'db'>,
  kind: string,
  payload: unknown,
  { runAfter }: EnqueueOptions = {},
): Promise<string> {
  const now = new Date();
  const id = newId();
  await q.insertJob(connection.db, {
    id,
    kind,
    payload: JSON.stringify(payload ?? null),
    status: 'queued',
    attempts: 0,
    run_after: (runAfter ?? now).toISOString(),
    locked_by: null,
    locked_at: null,
    last_error: null,
    created_at: now.toISOString(),
    finished_at: null,
  });
  return id;
}

/** Jobs waiting, running and failed, by kind (for /metrics; done ones are not counted). */
export function jobCounts(connection: Pick<Connection, 'db'>) {
  return q.countJobs(connection.db);
}

/** The most recent failed jobs, for an operator (`pacte jobs`). */
export function failedJobs(connection: Pick<Connection, 'db'>, limit = 20) {
  return q.listFailed(connection.db, limit);
}

/** Puts failed jobs (all, or the given ids) back in the queue; a running worker takes them within its poll. */
export function retryFailedJobs(connection: Pick<Connection, 'db'>, ids?: string[]): Promise<number> {
  if (ids && ids.length === 0) return Promise.resolve(0);
  return q.requeueFailed(connection.db, ids, new Date().toISOString());
}

const SWEEP_EVERY_MS = 30_000;

/** Every queue working on a database (keyed by its Kysely instance), so whoever closes it can stop them. */
const queuesByDb = new WeakMap<object, Set<JobQueue>>();

/**
 * Stops every queue working on this database and waits for the jobs they are running: call it before
 * closing the connection (the test harness does, so a worker never writes to a dropped test database).
 */
export async function stopJobQueues(db: object): Promise<void> {
  await Promise.all([...(queuesByDb.get(db) ?? [])].map((queue) => queue.stop()));
}

export class JobQueue {
  readonly workerId: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly logError: (error: unknown) => void;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly staleMs: number;
  private readonly keepDoneMs: number;
  private started = false;
  /** Set by stop(): the loops take no further job (the rest waits in the database for the next worker). */
  private stopped = false;
  private loops = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private sleeping: (() => void)[] = [];
  private lastSweep = 0;
  /** Woken while every loop was busy: the loops look once more before sleeping or stopping. */
  private nudged = false;

  constructor(
    private readonly connection: Pick<Connection, 'db' | 'dialect'>,
    options: JobQueueOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${newId().slice(0, 4)}`;
    this.logError = options.logError ?? console.error;
    this.pollMs = options.pollMs ?? 2000;
    this.concurrency = options.concurrency ?? 2;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 30_000;
    this.staleMs = options.staleMs ?? 10 * 60_000;
    this.keepDoneMs = options.keepDoneMs ?? 7 * 86_400_000;
    const siblings = queuesByDb.get(connection.db) ?? new Set();
    siblings.add(this);
    queuesByDb.set(connection.db, siblings);
  }

  /** Registers the code run for jobs of `kind` (once per kind: a second registration is ignored). */
  handle(kind: string, handler: JobHandler): this {
    if (!this.handlers.has(kind)) this.handlers.set(kind, handler);
    return this;
  }

  /** Enqueues a job and wakes this process's worker, which runs it right after (unless another instance is faster). */
  async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
    const id = await enqueue(this.connection, kind, payload, options);
    this.wake();
    return id;
  }

  /**
   * Starts the worker: `concurrency` loops that run due jobs and poll every `pollMs` when there are none.
   * Without start(), jobs enqueued through this queue still run right after (until none is due): what the
   * in-process tests rely on.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.lastSweep = 0;
    for (let i = this.loops; i < this.concurrency; i++) this.spawnLoop();
  }

  /** Stops polling and resolves once the jobs being run have finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    for (const wakeUp of this.sleeping.splice(0)) wakeUp();
    await this.idle();
  }

  /**
   * Resolves when no loop of this worker is running (the queue may still hold future or others' jobs).
   * A started worker's loops run until stop(): wait for idle() only on a queue not started, or after stop().
   */
  idle(): Promise<void> {
    if (this.loops === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Runs every due job (including those other processes enqueued) until none is left; for tests. */
  async drain(): Promise<number> {
    let ran = 0;
    if (!this.started) await this.idle();
    while (await this.runOne()) ran++;
    if (!this.started) await this.idle();
    return ran;
  }

  /** Claims and runs one due job; false when there was none. Stale locks are swept now and then. */
  async runOne(): Promise<boolean> {
    const now = Date.now();
    if (now - this.lastSweep >= Math.min(SWEEP_EVERY_MS, this.staleMs)) {
      this.lastSweep = now;
      await this.sweep(new Date(now));
    }
    const job = await q.claimJob(
      this.connection.db,
      this.connection.dialect,
      this.workerId,
      [...this.handlers.keys()],
      new Date(now).toISOString(),
    );
    if (!job) return false;
    await this.run(job);
    return true;
  }

  /** Gives abandoned jobs back to the queue and forgets old finished ones. */
  async sweep(now = new Date()): Promise<number> {
    const stale = new Date(now.getTime() - this.staleMs).toISOString();
    const recovered = await q.recoverStale(this.connection.db, stale, this.maxAttempts, now.toISOString());
    await q.deleteDoneBefore(this.connection.db, new Date(now.getTime() - this.keepDoneMs).toISOString());
    return recovered;
  }

  private async run(job: q.JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const db = this.connection.db;
    try {
      if (!handler) throw new Error(`no handler for job kind « ${job.kind} »`);
      await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const now = new Date();
      if (job.attempts >= this.maxAttempts || error instanceof PermanentJobError) {
        await q.markFailed(db, job.id, this.workerId, message, now.toISOString());
        this.logError(
          new Error(`tâche ${job.kind} ${job.id} abandonnée après ${job.attempts} essais`, { cause: error }),
        );
      } else {
        const delay = this.backoffMs * 2 ** (job.attempts - 1);
        await q.markRetry(db, job.id, this.workerId, message, new Date(now.getTime() + delay).toISOString());
      }
      return;
    }
    await q.markDone(db, job.id, this.workerId, new Date().toISOString());
  }

  /**
   * A job was enqueued by this process (inside a transaction of its own, with `enqueue()`, once committed):
   * a sleeping loop runs it now, or a loop is started for it.
   */
  notify(): void {
    this.wake();
  }

  private wake(): void {
    const sleeper = this.sleeping.shift();
    if (sleeper) sleeper();
    else if (this.loops < this.concurrency) this.spawnLoop();
    else this.nudged = true;
  }

  private spawnLoop(): void {
    this.loops++;
    void this.loop().finally(() => {
      this.loops--;
      if (this.loops === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      let ran = false;
      try {
        ran = await this.runOne();
      } catch (error) {
        // The database is unreachable for a moment: try again at the next poll.
        this.logError(error);
      }
      if (ran) continue;
      if (this.nudged) {
        this.nudged = false;
        continue;
      }
      if (!this.started) return;
      await this.sleep();
      if (!this.started) return;
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleeping = this.sleeping.filter((s) => s !== done);
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.sleeping.push(done);
    });
  }
}
