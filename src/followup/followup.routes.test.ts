import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PASSWORD, seedFollowup } from './followup.fixtures.ts';
import { refreshElectedFromRne } from './results.service.ts';
import { getScorecard, refreshScorecards } from './scorecards.service.ts';

forEachDatabase('follow-up pages', (database) => {
  let app: ReturnType<typeof testApp>['app'];
  before(async () => {
    const { connection } = database();
    await seedFollowup(connection);
    await refreshElectedFromRne(connection.db, 'municipales-2026');
    await refreshScorecards(connection.db, 'municipales-2026');
    app = testApp(connection).app;
  });

  async function signedIn(email: string) {
    const client = new TestClient(app);
    const r = await client.login(email, PASSWORD);
    assert.equal(r.status, 303);
    return client;
  }

  test('permissions: signed out → login; outside the zone → 403; moderation and bulk refused to volunteers; no CSRF → 403', async () => {
    const anonymous = new TestClient(app);
    for (const path of ['/espace/suivi', '/espace/suivi/62498', '/espace/suivi/import', '/moderation/suivi']) {
      const r = await anonymous.get(path);
      assert.equal(r.status, 303, path);
      assert.match(r.headers.get('location') ?? '', /^\/connexion/);
    }
    const outsider = await signedIn('nord@example.org');
    assert.equal((await outsider.get('/espace/suivi/62498')).status, 403);
    assert.doesNotMatch(await (await outsider.get('/espace/suivi')).text(), /href="\/espace\/suivi\/62498"/);
    const volunteer = await signedIn('benevole@example.org');
    assert.equal((await volunteer.get('/moderation/suivi')).status, 403);
    assert.equal((await volunteer.get('/espace/suivi/import')).status, 403);
    const noToken = await volunteer.request('/espace/suivi/62498', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'element=1.5&statut=tenu&preuve=https%3A%2F%2Fexemple.fr',
    });
    assert.equal(noToken.status, 403);
    const moderatorLinks = await signedIn('benevole@example.org');
    const forbidden = await moderatorLinks.post('/espace/suivi/62498/liens', { libelle: 'x' }, '/espace/suivi/62498');
    assert.equal(forbidden.status, 403);
  });

  test('a volunteer proposes through the form (errors re-displayed with values), a moderator publishes, the public pages and feed show it', async () => {
    const volunteer = await signedIn('benevole@example.org');
    const page = await (await volunteer.get('/espace/suivi')).text();
    assert.match(page, /href="\/espace\/suivi\/62498"/);
    const bad = await volunteer.post('/espace/suivi/62498', {
      element: '1.5',
      statut: 'tenu',
      preuve: 'ftp://villedelens.fr/x',
      document: '',
      date: '31/02/2027',
      note: 'Ma note <script>',
    });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /doit être une adresse web commençant par https:\/\//);
    assert.match(html, /Date invalide/);
    assert.match(html, /value="ftp:\/\/villedelens\.fr\/x"/);
    assert.match(html, /Ma note &lt;script&gt;/);
    assert.match(html, /<option value="1\.5" selected/);

    const ok = await volunteer.post('/espace/suivi/62498', {
      element: '1.5',
      statut: 'tenu',
      preuve: 'https://www.villedelens.fr/libreoffice',
      document: 'Délibération n° 2027-12',
      date: '2027-02-01',
      note: 'LibreOffice dans tous les services',
    });
    assert.equal(ok.status, 303);
    assert.equal(
      (
        await database()
          .connection.db.selectFrom('followup_updates')
          .selectAll()
          .where('state', '=', 'pending')
          .execute()
      ).length,
      1,
    );

    const moderator = await signedIn('moderation@example.org');
    const queue = await (await moderator.get('/moderation/suivi')).text();
    assert.match(queue, /Lens<\/a> — élément 1\.5 : non évalué → tenu/);
    const id = /action="\/moderation\/suivi\/([^"]+)"/.exec(queue)?.[1] ?? '';
    const published = await moderator.post(`/moderation/suivi/${id}`, { decision: 'publier' }, '/moderation/suivi');
    assert.equal(published.status, 303);

    const publicPage = await (await app.request('/suivi/62498')).text();
    assert.match(publicPage, /Niveau atteint : niveau 1/);
    assert.match(publicPage, /href="https:\/\/www\.villedelens\.fr\/libreoffice"/);
    assert.match(publicPage, /1\.5 : non évalué → tenu/);
    assert.match(publicPage, /Comment le niveau est calculé/);
    const english = await (await app.request('/suivi/62498?lang=en')).text();
    assert.match(english, /Level reached: level 1/);

    const feed = await app.request('/suivi/flux.atom');
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await feed.text();
    assert.match(xml, /<title type="text">Lens — élément 1\.5 : non évalué → tenu<\/title>/);
    assert.match(xml, /http:\/\/pacte\.test\/suivi\/62498#element-1\.5/);

    const commune = await (await app.request('/communes/62498')).text();
    assert.match(commune, /<a href="\/suivi\/62498">Lens<\/a> \(niveau 1\)/);
    const index = await (await app.request('/suivi?niveau=1')).text();
    assert.match(index, /href="\/suivi\/62498">Lens<\/a>/);
    assert.doesNotMatch(await (await app.request('/suivi?niveau=2')).text(), /href="\/suivi\/62498"/);
  });

  test('exports CSV, ODS (read by LibreOffice) and JSON of /suivi', async () => {
    const csv = await app.request('/suivi.csv');
    assert.equal(csv.status, 200);
    const text = await csv.text();
    assert.match(text.split('\n')[0] ?? '', /Collectivité/);
    assert.match(text, /Lens,Commune,62498,62,municipales-2026,en fonction,1,/);
    const json = (await (await app.request('/suivi.json?niveau=1')).json()) as { code: string; niveau: number }[];
    assert.equal(json.length, 1);
    assert.equal(json[0].code, '62498');
    assert.equal(json[0].niveau, 1);
    const ods = await app.request('/suivi.ods');
    const dir = mkdtempSync(join(tmpdir(), 'pacte-suivi-ods-'));
    writeFileSync(join(dir, 'suivi.ods'), Buffer.from(await ods.arrayBuffer()));
    execFileSync('soffice', ['--headless', '--convert-to', 'csv', '--outdir', dir, join(dir, 'suivi.ods')], {
      stdio: 'ignore',
      env: { ...process.env, HOME: dir },
    });
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(join(dir, 'suivi.csv'), 'utf8'), /Lens,Commune,62498/);
  });

  test('coordination: CSV bulk update dry run then apply; errors reported by line', async () => {
    const coordinator = await signedIn('coordination@example.org');
    const form = await (await coordinator.get('/espace/suivi/import')).text();
    const action = /action="([^"]*\/espace\/suivi\/import[^"]*)"/.exec(form)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const send = async (csv: string, act: string) => {
      const body = new FormData();
      body.set('csv', csv);
      body.set('action', act);
      return coordinator.request(action, { method: 'POST', body });
    };
    const bad = await send(
      'collectivite;element;statut;preuve;date\n62498;7.7;tenu;https://x.fr;2027-01-01\n',
      'appliquer',
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Ligne 2 : élément inconnu/);
    const good =
      'collectivite;element;statut;preuve;date\n62498;2.7;en cours;https://www.villedelens.fr/ecoles;2027-01-01\n';
    const dry = await send(good, 'verifier');
    assert.equal(dry.status, 200);
    assert.match(await dry.text(), /1 élément\(s\) changeraient/);
    assert.equal(
      (await getScorecard(database().connection.db, '62498'))?.items.find((i) => i.key === '2.7')?.status,
      'non-evalue',
    );
    const applied = await send(good, 'appliquer');
    assert.match(await applied.text(), /Appliqué : 1 élément/);
    assert.equal(
      (await getScorecard(database().connection.db, '62498'))?.items.find((i) => i.key === '2.7')?.status,
      'en-cours',
    );
  });

  test('the elected team answers through its personal link; the answer is shown beside the item', async () => {
    const coordinator = await signedIn('coordination@example.org');
    const created = await coordinator.post(
      '/espace/suivi/62498/liens',
      { libelle: 'Équipe municipale de Lens' },
      '/espace/suivi/62498',
    );
    assert.equal(created.status, 200);
    const link = /http:\/\/pacte\.test(\/reponse\/suivi\/[A-Za-z0-9_-]+)/.exec(await created.text())?.[1] ?? '';
    assert.ok(link);
    const team = new TestClient(app);
    const page = await team.get(link);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('cache-control') ?? '', /no-store/);
    const empty = await team.post(link, { element: '2.7', reponse: '  ' });
    assert.equal(empty.status, 400);
    const answered = await team.post(link, { element: '2.7', reponse: 'Les écoles passent à Primtux à la rentrée.' });
    assert.equal(answered.status, 200);
    const publicPage = await (await app.request('/suivi/62498')).text();
    assert.match(
      publicPage,
      /Réponse de l’équipe élue<\/h3><blockquote><p>Les écoles passent à Primtux à la rentrée\./,
    );
    const invalid = await new TestClient(app).get('/reponse/suivi/nimportequoinimportequoi');
    assert.equal(invalid.status, 404);
  });
});
