// The job queue on both databases: two workers on two connections (two instances) share the jobs, each
// run once; abandoned jobs come back; failures are retried, then recorded; a queued email is sent by the
// worker of a restarted process, on a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connection.ts';
import { handleMailJobs, MAIL_JOB, queuedMailer } from '../mail/mail.jobs.ts';
import { createMailer } from '../mail/mailer.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { findJob } from './jobs.queries.ts';
import { enqueue, JobQueue, PermanentJobError } from './queue.ts';

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

forEachDatabase('job queue', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
  });

  const statusCount = async (kind: string, status: 'queued' | 'running' | 'done' | 'failed') =>
    Number(
      (
        await database()
          .connection.db.selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', kind)
          .where('status', '=', status)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('two workers on two connections run 200 jobs between them, each exactly once', async () => {
    const { connection } = database();
    const second = connect(database().url);
    const runs: { worker: string; n: number }[] = [];
    const errors: unknown[] = [];
    const worker = (name: string, conn: typeof connection) =>
      new JobQueue(conn, { workerId: name, pollMs: 10, concurrency: 3, logError: (e) => errors.push(e) }).handle(
        'test.race',
        async (payload) => {
          runs.push({ worker: name, n: (payload as { n: number }).n });
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
      );
    const a = worker('instance-a', connection);
    const b = worker('instance-b', second);
    try {
      for (let n = 0; n < 200; n++) await enqueue(n % 2 ? connection : second, 'test.race', { n });
      a.start();
      b.start();
      await until(async () => (await statusCount('test.race', 'done')) === 200);
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second.close();
    }
    assert.deepEqual(errors, []);
    assert.equal(runs.length, 200, 'no job run twice');
    assert.equal(new Set(runs.map((r) => r.n)).size, 200, 'every job run');
    for (const name of ['instance-a', 'instance-b']) {
      assert.ok(
        runs.some((r) => r.worker === name),
        `${name} ran some of the jobs`,
      );
    }
    const leftovers = await connection.db
      .selectFrom('jobs')
      .select(['payload', 'locked_by', 'attempts', 'finished_at'])
      .where('kind', '=', 'test.race')
      .execute();
    assert.ok(leftovers.every((j) => j.payload === '{}' && j.attempts === 1 && j.finished_at));
    // Each job records the worker that ran it.
    for (const name of ['instance-a', 'instance-b']) {
      const recorded = leftovers.filter((j) => j.locked_by === name).length;
      assert.equal(recorded, runs.filter((r) => r.worker === name).length);
    }
  });

  test('a job locked by an instance that stopped is run again once its lock is stale', async () => {
    const { connection } = database();
    const id = await enqueue(connection, 'test.stale', { x: 1 });
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    await connection.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: 'crashed-instance', locked_at: longAgo, attempts: 1 })
      .where('id', '=', id)
      .execute();
    // A job used up by crashes is failed, not run a sixth time.
    const spent = await enqueue(connection, 'test.stale', { x: 2 });
    await connection.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: 'crashed-instance', locked_at: longAgo, attempts: 5 })
      .where('id', '=', spent)
      .execute();
    const ran: unknown[] = [];
    const queue = new JobQueue(connection, { staleMs: 60_000 }).handle('test.stale', async (p) => {
      ran.push(p);
    });
    // A lock younger than staleMs is left alone (its instance may still be working on it).
    const recent = await enqueue(connection, 'test.stale', { x: 3 });
    await connection.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: 'busy-instance', locked_at: new Date().toISOString(), attempts: 1 })
      .where('id', '=', recent)
      .execute();
    assert.equal(await queue.drain(), 1);
    assert.deepEqual(ran, [{ x: 1 }]);
    const [job, failed, busy] = await Promise.all([id, spent, recent].map((j) => findJob(connection.db, j)));
    assert.equal(job?.status, 'done');
    assert.equal(job?.attempts, 2);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.last_error ?? '', /verrou expiré/);
    assert.equal(busy?.status, 'running');
    assert.equal(busy?.locked_by, 'busy-instance');
  });

  test('a failing handler is retried with a growing delay, then the job is marked failed with its error', async () => {
    const { connection } = database();
    const errors: unknown[] = [];
    const tries: number[] = [];
    const queue = new JobQueue(connection, {
      maxAttempts: 3,
      backoffMs: 30,
      pollMs: 10,
      logError: (e) => errors.push(e),
    }).handle('test.fail', async (_payload, job) => {
      tries.push(Date.now());
      throw new Error(`serveur injoignable (essai ${job.attempts})`);
    });
    queue.start();
    const id = await queue.enqueue('test.fail', { to: 'quelqu-un@example.org' });
    await until(async () => (await findJob(connection.db, id))?.status === 'failed');
    await queue.stop();
    const job = await findJob(connection.db, id);
    assert.equal(tries.length, 3);
    assert.equal(job?.attempts, 3);
    assert.equal(job?.last_error, 'serveur injoignable (essai 3)');
    assert.equal(job?.payload, '{"to":"quelqu-un@example.org"}', 'a failed job keeps its payload for an operator');
    assert.ok((tries[1] as number) - (tries[0] as number) >= 30, 'first retry after the backoff');
    assert.ok((tries[2] as number) - (tries[1] as number) >= 60, 'second retry after twice the backoff');
    assert.equal(errors.length, 1, 'the give-up is logged once');

    const permanent = new JobQueue(connection, { logError: () => {} }).handle('test.permanent', async () => {
      throw new PermanentJobError('adresse refusée');
    });
    const other = await permanent.enqueue('test.permanent', {});
    await permanent.idle();
    await permanent.drain();
    const refused = await findJob(connection.db, other);
    assert.equal(refused?.status, 'failed');
    assert.equal(refused?.attempts, 1, 'no retry when trying again cannot help');
  });

  test('an email queued by a process that stopped before sending it is sent by the next one, once', async () => {
    const config = { ...loadConfig({ DATABASE_URL: 'sqlite::memory:' }), smtpUrl: smtp.url };
    // The first process queues the message (its worker runs no mail jobs: it "stops" before sending).
    const stopped = new JobQueue(database().connection);
    const pdf = Buffer.from('%PDF-1.7 pacte rempli « test »');
    const queued = await queuedMailer(stopped, createMailer(config)).send({
      to: 'elodie@example.org',
      subject: 'Confirmez votre signature',
      text: 'Lien : http://pacte.test/signer/confirmer/abc',
      html: '<p>Lien</p>',
      attachments: [{ filename: 'pacte.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    await stopped.idle();
    assert.equal(smtp.received.length, 0);
    // The restarted process: a new connection and worker.
    const restarted = connect(database().url);
    try {
      const worker = new JobQueue(restarted);
      handleMailJobs(worker, createMailer(config));
      assert.equal(await worker.drain(), 1);
      assert.equal(await worker.drain(), 0, 'nothing left to send');
    } finally {
      await restarted.close();
    }
    const mail = await smtp.nextMail();
    assert.equal(mail.parsed.subject, 'Confirmez votre signature');
    assert.deepEqual(mail.envelope.to, ['elodie@example.org']);
    assert.equal(mail.parsed.attachments[0]?.content.toString(), pdf.toString());
    assert.equal(smtp.received.length, 0, 'sent once');
    const id = queued.messageId.replace(/^job:/, '');
    const job = await findJob(database().connection.db, id);
    assert.equal(job?.kind, MAIL_JOB);
    assert.equal(job?.status, 'done');
    assert.equal(job?.payload, '{}', 'the address and link are not kept once sent');
  });

  test('stop() lets the jobs in hand finish and leaves the others queued for the next worker', async () => {
    const { connection } = database();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: number[] = [];
    const queue = new JobQueue(connection, { concurrency: 1, pollMs: 10 }).handle('test.stop', async (payload) => {
      started.push((payload as { n: number }).n);
      await gate;
    });
    for (let n = 0; n < 5; n++) await enqueue(connection, 'test.stop', { n });
    queue.start();
    while (started.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopping = queue.stop();
    release();
    await stopping;
    assert.equal(started.length, 1, 'no job taken after stop()');
    assert.equal(await statusCount('test.stop', 'done'), 1);
    assert.equal(await statusCount('test.stop', 'queued'), 4);
  });

  test('the queue’s writes leave the public data version alone (page caches are not thrown away by polling)', async () => {
    const { connection } = database();
    await connection.dataVersion.settled();
    const stored = async () =>
      (await connection.db.selectFrom('settings').select('value').where('key', '=', 'data_version').executeTakeFirst())
        ?.value;
    const before = await stored();
    const queue = new JobQueue(connection).handle('test.version', async () => {});
    await queue.enqueue('test.version', {});
    await queue.idle();
    await queue.sweep();
    await queue.drain();
    await connection.dataVersion.settled();
    assert.equal(await stored(), before);
  });

  test('/metrics shows the queue: jobs waiting, running and failed by kind', async () => {
    const { connection } = database();
    const { app } = testApp(connection);
    await enqueue(connection, 'test.metrics', {}, { runAfter: new Date(Date.now() + 3_600_000) });
    const body = await (await app.request('/metrics')).text();
    assert.match(body, /^pacte_jobs\{kind="test\.metrics",status="queued"\} 1$/m);
    assert.match(body, /^pacte_jobs\{kind="test\.fail",status="failed"\} 1$/m);
    assert.match(body, /^pacte_job_queue_length \d+$/m);
  });
});
