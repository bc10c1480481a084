// `pacte jobs` and `pacte jobs retry` as separate processes, on both databases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assertOneLineError, runPacte } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { findJob } from './jobs.queries.ts';
import { enqueue } from './queue.ts';

forEachDatabase('pacte jobs', (database) => {
  const cwd = mkdtempSync(join(tmpdir(), 'pacte-jobs-cli-'));
  const env = () => ({ DATABASE_URL: database().url });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  test('an empty queue says so', async () => {
    const run = await runPacte(['jobs'], { cwd, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /File de tâches vide/);
  });

  test('counts by kind and status, the failed ones with their error, and a retry puts them back', async () => {
    const { connection } = database();
    await enqueue(connection, 'mail', { to: 'a@example.org' }, { runAfter: new Date(Date.now() + 3_600_000) });
    const failed = await enqueue(connection, 'mail', { to: 'b@example.org' });
    await connection.db
      .updateTable('jobs')
      .set({ status: 'failed', attempts: 5, last_error: 'connexion refusée', finished_at: new Date().toISOString() })
      .where('id', '=', failed)
      .execute();
    const status = await runPacte(['jobs'], { cwd, env: env() });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^mail — en attente : 1$/m);
    assert.match(status.stdout, /^mail — en échec : 1$/m);
    assert.match(status.stdout, new RegExp(`^${failed}  mail  5 essai\\(s\\), .*connexion refusée$`, 'm'));
    assert.doesNotMatch(status.stdout, /b@example\.org/, 'no payload (personal data) printed');

    assertOneLineError(await runPacte(['jobs', 'retry'], { cwd, env: env() }), /usage : pacte jobs retry/);
    const retry = await runPacte(['jobs', 'retry', failed], { cwd, env: env() });
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /^1 tâche\(s\) remise\(s\) en file/);
    const job = await findJob(connection.db, failed);
    assert.deepEqual([job?.status, job?.attempts, job?.finished_at], ['queued', 0, null]);
    const again = await runPacte(['jobs', 'retry', '--all'], { cwd, env: env() });
    assert.match(again.stdout, /Aucune tâche en échec/);
  });
});
