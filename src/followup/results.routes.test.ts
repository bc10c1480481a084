import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { seedSignatures } from '../pledges/signatures.fixtures.ts';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PASSWORD } from './followup.fixtures.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'municipales-2026-resultats-communes-2026-03-20.csv');
const SECOND_ROUND = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

forEachDatabase('/espace/suivi/resultats: official results uploaded by the coordination', (database) => {
  let app: ReturnType<typeof testApp>['app'];
  before(async () => {
    const { connection } = database();
    await seedSignatures(connection);
    await createUser(connection.db, { email: 'coordination@example.org', role: 'coordinator', password: PASSWORD });
    await createUser(connection.db, { email: 'benevole@example.org', role: 'volunteer', password: PASSWORD });
    app = testApp(connection).app;
  });

  async function signedIn(email: string) {
    const client = new TestClient(app);
    assert.equal((await client.login(email, PASSWORD)).status, 303);
    return client;
  }

  async function send(
    client: TestClient,
    fields: Record<string, string>,
    file?: { path: string; name: string },
  ): Promise<{ status: number; html: string }> {
    const token = await client.csrfToken('/espace/suivi/resultats');
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('fichier', new File([readFileSync(file.path)], file.name, { type: 'text/csv' }));
    const r = await client.request(`/espace/suivi/resultats?_csrf=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: form,
    });
    return { status: r.status, html: await r.text() };
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

  test('bad input: no file, unknown election, bad date, a file of another kind — French messages, values kept', async () => {
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
    const other = await send(
      c,
      { election: 'municipales-2026', action: 'verifier' },
      { path: join(import.meta.dirname, 'fixtures', '..', 'results-file.ts'), name: 'x.csv' },
    );
    assert.equal(other.status, 400);
    assert.match(other.html, /format non reconnu/);
  });

  test('check, then import: lists elected, scorecards created, rejected lines listed; the home page counts the elected signatories', async () => {
    const c = await signedIn('coordination@example.org');
    const home = textOf(await (await c.get('/')).text());
    assert.match(home, /signataires élus pas encore connu/i);
    const check = await send(c, { election: 'municipales-2026', date: '', action: 'verifier' }, results);
    assert.equal(check.status, 200, check.html);
    const checked = textOf(check.html);
    assert.match(
      checked,
      /Vérification \(rien n’a été enregistré\) — résultats par commune au 2026-03-20 : 7 commune\(s\) lue\(s\), 2 pourvue\(s\) ; 3 liste\(s\) élue\(s\) \(nouvelles 3/,
    );
    assert.match(checked, /Lignes non appliquées \(5\)/);
    assert.match(checked, /6 commune inconnue : code « 99999 »/);
    const { db } = database().connection;
    assert.equal((await db.selectFrom('election_results').select('id').execute()).length, 0);

    const done = await send(c, { election: 'municipales-2026', date: '', action: 'appliquer' }, results);
    assert.equal(done.status, 200, done.html);
    const text = textOf(done.html);
    assert.match(text, /Importé — résultats par commune/);
    assert.match(text, /Suivis : 2 créé\(s\)/);
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
  });

  test('the second-round candidate file is recognised too', async () => {
    const c = await signedIn('coordination@example.org');
    const r = await send(
      c,
      { election: 'municipales-2026', action: 'appliquer' },
      { path: SECOND_ROUND, name: 'tour2.csv' },
    );
    assert.equal(r.status, 200, r.html);
    assert.match(
      textOf(r.html),
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
  });
});
