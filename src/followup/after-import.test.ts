import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { seedSignatures } from '../pledges/signatures.fixtures.ts';
import { runPacte } from '../testing/cli.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';
import { createImportJobs } from '../web/import-jobs.ts';
import { electionsOfRneFormat } from './after-import.ts';
import { CONSEILLERS, MAIRES, PASSWORD, writeFixture } from './followup.fixtures.ts';
import { electedSignatoryList } from './results.service.ts';
import { importResultsFile } from './results-file.ts';
import { getScorecard } from './scorecards.service.ts';

async function rneFlags(db: Db) {
  return db
    .selectFrom('election_results')
    .select(['target_type', 'detail'])
    .where('source', '=', 'rne')
    .where('current', '=', 1)
    .orderBy('target_type')
    .orderBy('detail')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r })));
}

forEachDatabase('follow-up refreshed after an RNE import, without a manual step', (database) => {
  const db = () => database().connection.db;
  const dir = mkdtempSync(join(tmpdir(), 'pacte-after-import-'));

  test('the elections an RNE file concerns: the latest of each kind already voted', async () => {
    await seedSignatures(database().connection);
    assert.deepEqual(await electionsOfRneFormat(db(), 'rne-maires', '2026-11-23'), ['municipales-2026']);
    assert.deepEqual(await electionsOfRneFormat(db(), 'rne-maires', '2026-03-14'), ['municipales-2020']);
    assert.deepEqual(await electionsOfRneFormat(db(), 'rne-deputes', '2026-11-23'), ['legislatives-2024']);
    assert.deepEqual(await electionsOfRneFormat(db(), 'rne-senateurs', '2026-11-23'), []);
  });

  test('pacte import of the mayors: a dry run refreshes nothing; the import marks the signatory list elected and creates its scorecard', async () => {
    const env = { DATABASE_URL: database().url, BASE_URL: 'http://pacte.test' };
    const file = writeFixture(dir, 'elus-maires-mai.csv', [...MAIRES]);
    const dry = await runPacte(['import', file, '--dry-run'], { cwd: dir, env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stdout, /actualisation du suivi/);
    assert.deepEqual(await rneFlags(db()), []);

    const run = await runPacte(['import', file], { cwd: dir, env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /actualisation du suivi \(municipales-2026\) :\n.*candidatures créées 1,.*listes créées 1,/,
    );
    assert.match(run.stdout, /suivis : 1 créé\(s\)/);
    // Anne-Sophie LEFÈBVRE, mayor, head of « Lens en commun » (which signed the pact).
    assert.deepEqual(await rneFlags(db()), [
      { target_type: 'candidacy', detail: 'maire' },
      { target_type: 'list', detail: 'maire' },
    ]);
    const card = await getScorecard(db(), '62498');
    assert.equal(card?.scorecard.collectivity_name, 'Lens');
    // The list, and Jérôme KACZMAREK who signed in person (his list is elected).
    assert.deepEqual(card?.signatories.map((s) => s.label).sort(), [
      'Jérôme KACZMAREK (Lens en commun)',
      'Liste « Lens en commun »',
    ]);
  });

  test('a list elected by the RNE and by the results file: mandates merged, the earliest date', async () => {
    const file = join(import.meta.dirname, 'fixtures', 'municipales-2026-resultats-communes-2026-03-20.csv');
    await importResultsFile(db(), file, { electionId: 'municipales-2026' });
    const list = (await electedSignatoryList(db(), 'municipales-2026')).find((e) => e.signature.variant === 'list');
    assert.equal(list?.detail, 'conseiller-communautaire,conseiller-municipal,maire');
    assert.equal(list?.since, '2026-03-15', 'the mandate start (RNE) before the file date');
  });
});

forEachDatabase('follow-up refreshed after an RNE import from /admin/imports', (database) => {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-after-import-web-'));

  test('an administrator uploads the councillors file: elected flags and scorecards follow, as the import ends', async () => {
    const { connection } = database();
    await seedSignatures(connection);
    await createUser(connection.db, { email: 'admin@example.org', role: 'admin', password: PASSWORD });
    const errors: unknown[] = [];
    const jobs = createImportJobs(connection, (e) => errors.push(e));
    const client = new TestClient(
      createApp({
        connection,
        config: loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' }),
        logError: (e) => errors.push(e),
        importJobs: jobs,
        uploads: { dir: join(dir, 'uploads'), reportDir: join(dir, 'reports'), maxBytes: 100_000 },
      }),
    );
    assert.equal((await client.login('admin@example.org', PASSWORD)).status, 303);
    const token = await client.csrfToken('/admin/imports');
    const form = new FormData();
    const content = readFileSync(writeFixture(dir, 'elus-conseillers-municipaux-cm.csv', [...CONSEILLERS]));
    form.set('fichier', new File([content], 'elus-conseillers-municipaux-cm.csv', { type: 'text/csv' }));
    const r = await client.request(`/admin/imports?_csrf=${encodeURIComponent(token)}`, { method: 'POST', body: form });
    assert.equal(r.status, 303, await r.text());
    await jobs.idle();
    assert.deepEqual(errors, []);
    // LEFÈBVRE and KACZMAREK (Lens en commun), DUBOIS (the other list); not the 2020 councillor of Liévin.
    const flags = await rneFlags(connection.db);
    assert.equal(flags.filter((f) => f.target_type === 'candidacy').length, 3);
    assert.equal(flags.filter((f) => f.target_type === 'list').length, 2);
    const card = await getScorecard(connection.db, '62498');
    assert.deepEqual(card?.signatories.map((s) => s.label).sort(), [
      'Jérôme KACZMAREK (Lens en commun)',
      'Liste « Lens en commun »',
    ]);
    const audit = await connection.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'followup.scorecard.create')
      .executeTakeFirstOrThrow();
    const admin = await connection.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, admin.id, 'done in the name of the administrator who imported');
  });
});
