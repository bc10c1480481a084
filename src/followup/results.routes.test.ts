import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import { JobQueue } from '../jobs/queue.ts';
import { seedSignatures } from '../pledges/signatures.fixtures.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';
import { PASSWORD } from './followup.fixtures.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'municipales-2026-resultats-communes-2026-03-20.csv');
const SECOND_ROUND = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

forEachDatabase('/espace/suivi/resultats: official results uploaded by the coordination', (database) => {
  let app: ReturnType<typeof createApp>;
  let queue: JobQueue;
  const errors: unknown[] = [];
  const uploads = mkdtempSync(join(tmpdir(), 'pacte-resultats-test-'));
  before(async () => {
    const { connection } = database();
    await seedSignatures(connection);
    await createUser(connection.db, { email: 'coordination@example.org', role: 'coordinator', password: PASSWORD });
    await createUser(connection.db, { email: 'autre@example.org', role: 'coordinator', password: PASSWORD });
    await createUser(connection.db, { email: 'moderation@example.org', role: 'moderator', password: PASSWORD });
    await createUser(connection.db, { email: 'benevole@example.org', role: 'volunteer', password: PASSWORD });
    // No loop of its own: a job waits until the test drains the queue, so « en attente » can be seen.
    queue = new JobQueue(connection, { concurrency: 0, logError: (e) => errors.push(e) });
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' });
    app = createApp({
      connection,
      config,
      logError: (e) => errors.push(e),
      jobQueue: queue,
      uploads: { dir: uploads, reportDir: join(uploads, 'rapports'), maxBytes: 1_000_000 },
    });
  });
  after(() => rmSync(uploads, { recursive: true, force: true }));

  /** Files waiting in the uploads folder. */
  const waiting = () => readdirSync(join(uploads, 'resultats'));

  async function signedIn(email: string) {
    const client = new TestClient(app);
    assert.equal((await client.login(email, PASSWORD)).status, 303);
    return client;
  }

  async function send(
    client: TestClient,
    fields: Record<string, string>,
    file?: { path: string; name: string },
  ): Promise<{ status: number; html: string; location: string | null }> {
    const token = await client.csrfToken('/espace/suivi/resultats');
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('fichier', new File([readFileSync(file.path)], file.name, { type: 'text/csv' }));
    const r = await client.request(`/espace/suivi/resultats?_csrf=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: form,
    });
    return { status: r.status, html: await r.text(), location: r.headers.get('location') };
  }
  const results = { path: FIXTURE, name: 'municipales-2026-resultats-communes-2026-03-20.csv' };

  test('permissions: signed out → login, volunteers refused, no CSRF token → 403', async () => {
    const r = await new TestClient(app).get('/espace/suivi/resultats');
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location') ?? '', /^\/connexion/);
    const volunteer = await signedIn('benevole@example.org');
    assert.equal((await volunteer.get('/espace/suivi/resultats')).status, 403);
    const coordination = await signedIn('coordination@example.org');
    const index = await (await coordination.get('/espace/suivi')).text();
    assert.match(index, /href="\/espace\/suivi\/resultats"/);
    const noToken = await coordination.request('/espace/suivi/resultats', { method: 'POST', body: new FormData() });
    assert.equal(noToken.status, 403);
  });

  /** Upload answered by its status page; returns the page's path. */
  async function started(client: TestClient, fields: Record<string, string>, file: { path: string; name: string }) {
    const r = await send(client, fields, file);
    assert.equal(r.status, 303, r.html);
    const location = r.location ?? '';
    assert.match(location, /^\/espace\/suivi\/resultats\/[\w-]+$/);
    return location;
  }

  test('bad input: no file, unknown election, bad date, a file of another kind — French messages, values kept, no job', async () => {
    const c = await signedIn('coordination@example.org');
    const empty = await send(c, { election: 'municipales-2026', date: '', action: 'verifier' });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /choisissez le fichier à importer/);
    const election = await send(c, { election: 'municipales-1789', action: 'verifier' }, results);
    assert.equal(election.status, 400);
    assert.match(election.html, /choisissez une élection de la liste/);
    const date = await send(c, { election: 'municipales-2026', date: '20/03/2026', action: 'verifier' }, results);
    assert.equal(date.status, 400);
    assert.match(date.html, /date invalide : « 20\/03\/2026 »/);
    assert.match(date.html, /id="date" name="date" type="text" inputmode="numeric" value="20\/03\/2026"/);
    const legislatives = await send(c, { election: 'legislatives-2024', action: 'verifier' }, results);
    assert.equal(legislatives.status, 400);
    assert.match(legislatives.html, /<option value="legislatives-2024" selected="">/);
    assert.match(legislatives.html, /les résultats par commune concernent les municipales/);
    const other = await send(
      c,
      { election: 'municipales-2026', action: 'verifier' },
      { path: join(import.meta.dirname, 'fixtures', '..', 'results-file.ts'), name: 'x.csv' },
    );
    assert.equal(other.status, 400);
    assert.match(other.html, /format non reconnu/);
    const { db } = database().connection;
    assert.equal((await db.selectFrom('results_imports').select('id').execute()).length, 0, 'no import queued');
    assert.deepEqual(waiting(), [], 'every refused upload deleted');
  });

  test('check, then import, as jobs: status page waiting then finished; lists elected, scorecards created, rejected lines listed; the home page counts the elected signatories', async () => {
    const c = await signedIn('coordination@example.org');
    const home = textOf(await (await c.get('/')).text());
    assert.match(home, /signataires élus pas encore connu/i);
    const checkPage = await started(c, { election: 'municipales-2026', date: '', action: 'verifier' }, results);
    assert.equal(waiting().length, 1, 'the upload is kept for the job');
    const queued = await c.get(checkPage);
    assert.equal(queued.status, 200);
    const queuedHtml = await queued.text();
    assert.match(queuedHtml, /<meta http-equiv="refresh" content="2"\/>/);
    assert.match(
      textOf(queuedHtml),
      /Vérification du fichier « municipales-2026-resultats-communes-2026-03-20\.csv » : en attente/,
    );

    // Another coordinator does not see it; a moderator does.
    assert.equal((await (await signedIn('autre@example.org')).get(checkPage)).status, 404);
    assert.equal((await (await signedIn('moderation@example.org')).get(checkPage)).status, 200);
    assert.equal((await c.get('/espace/suivi/resultats/inconnu')).status, 404);

    assert.equal(await queue.drain(), 1);
    assert.deepEqual(waiting(), [], 'the upload is deleted when its job ends');
    const checkHtml = await (await c.get(checkPage)).text();
    assert.doesNotMatch(checkHtml, /http-equiv="refresh"/, 'no reload once finished');
    const checked = textOf(checkHtml);
    assert.match(checked, /: terminé/);
    assert.match(
      checked,
      /Vérification \(rien n’a été enregistré\) — résultats par commune au 2026-03-20 : 7 commune\(s\) lue\(s\), 2 pourvue\(s\) ; 3 liste\(s\) élue\(s\) \(nouvelles 3/,
    );
    assert.match(checked, /Lignes non appliquées \(5\)/);
    assert.match(checked, /6 commune inconnue : code « 99999 »/);
    const { db } = database().connection;
    assert.equal((await db.selectFrom('election_results').select('id').execute()).length, 0);

    const importPage = await started(c, { election: 'municipales-2026', date: '', action: 'appliquer' }, results);
    assert.equal(await queue.drain(), 1);
    const text = textOf(await (await c.get(importPage)).text());
    assert.match(text, /Import du fichier .* : terminé/);
    assert.match(text, /Importé — résultats par commune/);
    assert.match(text, /Suivis : 2 créé\(s\)/);
    assert.deepEqual(waiting(), []);
    const actors = await db.selectFrom('election_results').select('source_ref').distinct().execute();
    assert.deepEqual(
      actors.map((r) => r.source_ref),
      ['municipales-2026-resultats-communes-2026-03-20.csv'],
    );
    assert.equal((await c.get('/suivi/62498')).status, 200, 'the public scorecard');
    // The list « Lens en commun » and Jérôme KACZMAREK who signed in person.
    // The home page shows the previous snapshot while the new one is computed in the background.
    for (const path of ['/', '/statistiques']) {
      let text = '';
      for (let i = 0; i < 50 && !/signataires élus 2 /.test(text); i++) {
        if (i) await new Promise((r) => setTimeout(r, 50));
        text = textOf(await (await c.get(path)).text());
      }
      assert.match(text, /signataires élus 2 /, path);
    }
    assert.deepEqual(errors, []);
  });

  test('a file where no line can be applied: « échoué » with the French reason and the first 500 rejected lines', async () => {
    const c = await signedIn('coordination@example.org');
    const lines = readFileSync(FIXTURE, 'utf-8').split('\n');
    const nowhere = join(uploads, 'nulle-part.csv');
    const row = lines.find((l) => l.includes('"99999"'));
    writeFileSync(nowhere, `${lines[0]}\n${`${row}\n`.repeat(600)}`);
    const page = await started(
      c,
      { election: 'municipales-2026', action: 'appliquer' },
      { path: nowhere, name: 'nulle-part.csv' },
    );
    assert.equal(await queue.drain(), 1);
    assert.deepEqual(waiting(), []);
    const html = await (await c.get(page)).text();
    assert.doesNotMatch(html, /http-equiv="refresh"/);
    const text = textOf(html);
    assert.match(text, /Import du fichier « nulle-part\.csv » : échoué/);
    assert.match(
      text,
      /L’import a échoué aucune ligne du fichier n’a pu être appliquée \(600 ligne\(s\) rejetée\(s\)\)/,
    );
    assert.match(text, /2 commune inconnue : code « 99999 » 3 commune 99999 déjà lue ligne 2/);
    assert.match(text, /Lignes non appliquées \(600\) — les 500 premières/, 'the first 500 kept');
    assert.equal(html.match(/<tr>/g)?.length, 501);
  });

  test('a file gone when its job runs: « échoué » with the French reason', async () => {
    const c = await signedIn('coordination@example.org');
    const page = await started(c, { election: 'municipales-2026', action: 'verifier' }, results);
    for (const name of waiting()) rmSync(join(uploads, 'resultats', name));
    assert.equal(await queue.drain(), 1);
    const text = textOf(await (await c.get(page)).text());
    assert.match(text, /: échoué/);
    assert.match(text, /La vérification a échoué le fichier déposé n’est plus disponible : déposez-le à nouveau/);
    assert.deepEqual(errors, []);
  });

  test('the second-round candidate file is recognised too', async () => {
    const c = await signedIn('coordination@example.org');
    const page = await started(
      c,
      { election: 'municipales-2026', action: 'appliquer' },
      { path: SECOND_ROUND, name: 'tour2.csv' },
    );
    assert.equal(await queue.drain(), 1);
    const html = await (await c.get(page)).text();
    assert.match(
      textOf(html),
      /Importé — candidatures au second tour \(.*\) : \d+ ligne\(s\), 7 qualifié\(s\) pour le second tour/,
    );
    const refs = await database()
      .connection.db.selectFrom('election_results')
      .select('source_ref')
      .distinct()
      .where('source', '=', 'second-round')
      .execute();
    assert.deepEqual(
      refs.map((r) => r.source_ref),
      ['tour2.csv'],
      'the name of the file uploaded',
    );
    assert.deepEqual(waiting(), []);
  });
});
