// `pacte serve` runs the job worker: an email queued while no instance ran (or by another instance) is
// sent by a freshly started server without any request, and SIGTERM lets the server stop cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAIL_JOB } from '../mail/mail.jobs.ts';
import { cliBaseEnv, PACTE_BIN } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { freePort } from '../testing/postgres-server.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { findJob } from './jobs.queries.ts';
import { enqueue } from './queue.ts';

forEachDatabase('pacte serve runs the job worker', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const cwd = mkdtempSync(join(tmpdir(), 'pacte-serve-worker-'));
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a queued email is sent by a server that starts later, once; SIGTERM stops it', async () => {
    const { connection } = database();
    const id = await enqueue(connection, MAIL_JOB, {
      to: 'en-attente@example.org',
      subject: 'Envoyé au redémarrage',
      text: 'Bonjour',
      html: '<p>Bonjour</p>',
    });
    const child = spawn(process.execPath, [PACTE_BIN, 'serve'], {
      cwd,
      env: { ...cliBaseEnv(), DATABASE_URL: database().url, PORT: String(await freePort()), SMTP_URL: smtp.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const mail = await Promise.race([
        smtp.nextMail(),
        exited.then(() => {
          throw new Error(`pacte serve exited: ${output}`);
        }),
      ]);
      assert.equal(mail.parsed.subject, 'Envoyé au redémarrage');
      assert.deepEqual(mail.envelope.to, ['en-attente@example.org']);
      for (let i = 0; i < 100 && (await findJob(connection.db, id))?.status !== 'done'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal((await findJob(connection.db, id))?.status, 'done');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
    assert.equal(smtp.received.length, 0, 'sent once');
  });
});
