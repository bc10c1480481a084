import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { ImportJobs } from '../candidates/import/import.jobs.ts';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';

const PASSWORD = 'mot de passe solide';
const HEADER =
  'Code département;Département;Code circonscription;Circonscription;Numéro de panneau;Libellé abrégé de liste;Libellé de la liste;Code nuance de liste;Nuance de liste;Tête de liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote;Nationalité;Code personnalité;CC';

interface Row {
  insee?: string;
  commune?: string;
  panel: number;
  short: string;
  list: string;
  order: number;
  last: string;
}

/** A small municipales 2026 file in the Ministère's layout (as in import.service.test.ts). */
function municipales2026(rows: Row[]): string {
  const line = (r: Row) =>
    [
      '62',
      'Pas-de-Calais',
      r.insee ?? '62498',
      r.commune ?? 'Lens',
      String(r.panel),
      r.short,
      r.list,
      'LDVG',
      'Liste divers gauche',
      r.order === 1 ? 'OUI' : '',
      String(r.order),
      r.order % 2 ? 'F' : 'M',
      r.last,
      'Élodie',
      'FRA',
      '',
      r.order <= 3 ? 'O' : '',
    ]
      .map((f) => `"${f}"`)
      .join(';');
  return `${[`"${HEADER.split(';').join('";"')}"`, ...rows.map(line)].join('\r\n')}\r\n`;
}

const LENS_A: Row[] = [1, 2, 3, 4].map((order) => ({
  panel: 1,
  short: 'LENS ENSEMBLE',
  list: 'Lens ensemble',
  order,
  last: `DUPONT${order}`,
}));
const LENS_B: Row[] = [1, 2, 3].map((order) => ({
  panel: 2,
  short: 'AVENIR',
  list: 'Avenir lensois',
  order,
  last: `MARTIN${order}`,
}));
const UNKNOWN: Row = { insee: '62999', commune: 'Nulle part', panel: 1, short: 'X', list: 'X', order: 1, last: 'NEMO' };

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

forEachDatabase('admin: official-file upload, background import, progress and result pages', (database) => {
  const db = () => database().connection.db;
  const errors: unknown[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pacte-admin-'));
  const uploads = { dir: join(dir, 'uploads'), reportDir: join(dir, 'reports'), maxBytes: 20_000 };
  let jobs: ImportJobs;
  const client = () => {
    jobs ??= new ImportJobs(database().connection, (e) => errors.push(e));
    return new TestClient(
      createApp({
        connection: database().connection,
        config: loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' }),
        logError: (e) => errors.push(e),
        importJobs: jobs,
        uploads,
      }),
    );
  };
  const admin = async () => {
    const c = client();
    assert.equal((await c.login('admin@example.org', PASSWORD)).status, 303);
    return c;
  };
  /** Posts the upload form as a browser does (multipart, token in the action's query). */
  const upload = async (
    c: TestClient,
    file: { name: string; content: string } | undefined,
    fields: Record<string, string> = {},
  ) => {
    const token = await c.csrfToken('/admin/imports');
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('fichier', new File([file.content], file.name, { type: 'text/csv' }));
    return c.request(`/admin/imports?_csrf=${encodeURIComponent(token)}`, { method: 'POST', body: form });
  };
  /** Follows the redirect to the import page once the background import has finished. */
  const finished = async (c: TestClient, response: Response) => {
    assert.equal(response.status, 303, await response.clone().text());
    const location = response.headers.get('location') ?? '';
    assert.match(location, /^\/admin\/imports\/[^/?]+\?suivi=auto$/);
    await jobs.idle();
    const page = await c.get(location);
    assert.equal(page.status, 200);
    return { id: decodeURIComponent(location.split('/')[3]?.split('?')[0] ?? ''), html: await page.text() };
  };

  test('set up', async () => {
    await createUser(db(), { email: 'admin@example.org', role: 'admin', password: PASSWORD });
  });

  test('the admin home and the upload form', async () => {
    const c = await admin();
    const home = await (await c.get('/admin')).text();
    assert.match(home, /<a href="\/admin\/imports">Imports de fichiers officiels<\/a>/);
    const page = await (await c.get('/admin/imports')).text();
    assert.match(page, /<form method="post" action="\/admin\/imports\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    assert.match(page, /<input id="fichier" name="fichier" type="file" required=""/);
    assert.match(page, /<option value="municipales-2026">Élections municipales et communautaires 2026<\/option>/);
    assert.match(page, /<input id="essai" name="essai" type="checkbox" value="1"\/>/);
    assert.match(textOf(page), /Aucun import pour le moment\./);
  });

  test('upload → background import → the result page shows the counts and the rejected-rows report', async () => {
    const c = await admin();
    const response = await upload(c, {
      name: 'candidats-municipales-2026.csv',
      content: municipales2026([...LENS_A, ...LENS_B, UNKNOWN]),
    });
    const { id, html } = await finished(c, response);
    const text = textOf(html);
    assert.match(text, /État terminé/);
    assert.match(text, /Fichier candidats-municipales-2026\.csv/);
    assert.match(text, /Format municipales-2026/);
    assert.match(text, /Lignes lues 8 Créées 7 Modifiées 0 Inchangées 0 Supprimées 0 Rejetées 1/);
    assert.doesNotMatch(html, /http-equiv="refresh"/, 'no reload once finished');
    assert.match(html, new RegExp(`<a href="/admin/imports/${id}/rejets.csv" download="">`));
    const report = await c.get(`/admin/imports/${id}/rejets.csv`);
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(await report.text(), /commune inconnue : code INSEE « 62999 »/);
    const row = await db().selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const user = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.actor, user.id);
    assert.equal(row.status, 'done');
    const stored = readdirSync(uploads.dir);
    assert.equal(stored.length, 1);
    assert.match(stored[0] ?? '', /^[0-9a-f]{32}\.csv$/, 'stored under a random name');
    const list = await (await c.get('/admin/imports')).text();
    assert.match(list, new RegExp(`<a href="/admin/imports/${id}">`));
    assert.match(list, /<td>candidats-municipales-2026\.csv<\/td>/);
    const candidacies = await db()
      .selectFrom('candidacies')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .execute();
    assert.equal(candidacies.length, 7);
  });

  test('a list locked by a moderator survives a re-import of a changed file', async () => {
    const c = await admin();
    const listId = 'municipales-2026.62498.2';
    const lock = await c.post(`/moderation/listes/${listId}/verrou`, { verrou: '1' }, `/moderation/listes/${listId}`);
    assert.equal(lock.status, 303);
    await c.post(
      '/moderation/listes/municipales-2026.62498.1',
      { short_name: 'LENS ENSEMBLE !', website: 'https://lens.example.org' },
      '/moderation/listes/municipales-2026.62498.1',
    );
    const renamed = LENS_B.map((r) => ({ ...r, list: 'Nom officiel changé', last: `${r.last}X` }));
    const { html } = await finished(
      c,
      await upload(c, { name: 't2.csv', content: municipales2026([...LENS_A, ...renamed]) }),
    );
    assert.match(textOf(html), /État terminé/);
    const lists = await db()
      .selectFrom('lists')
      .select(['id', 'name', 'short_name', 'website'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('id')
      .execute();
    assert.equal(lists[1]?.name, 'Avenir lensois', 'the locked list kept its name');
    assert.equal(lists[0]?.short_name, 'LENS ENSEMBLE !', 'an edited field kept its value');
    assert.equal(lists[0]?.website, 'https://lens.example.org');
    const member = await db()
      .selectFrom('candidacies')
      .select('last_name')
      .where('id', '=', `${listId}.1`)
      .executeTakeFirst();
    assert.equal(member?.last_name, 'MARTIN1', 'the members of a locked list are untouched');
  });

  test('dry run: figures shown, nothing written', async () => {
    const c = await admin();
    const before = await db().selectFrom('candidacies').select(['id', 'last_name']).orderBy('id').execute();
    const changed = LENS_A.map((r) => ({ ...r, last: `${r.last}Y` }));
    const { id, html } = await finished(
      c,
      await upload(
        c,
        { name: 'essai.csv', content: municipales2026(changed) },
        { essai: '1', election: 'municipales-2026' },
      ),
    );
    const text = textOf(html);
    assert.match(text, /État essai à blanc terminé/);
    assert.match(text, /Essai à blanc : ces chiffres n’ont pas été enregistrés\./);
    assert.match(text, /Modifiées 4/);
    const after = await db().selectFrom('candidacies').select(['id', 'last_name']).orderBy('id').execute();
    assert.deepEqual(after, before);
    const row = await db()
      .selectFrom('imports')
      .select(['status', 'dry_run'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.status, Number(row.dry_run)], ['dry-run', 1]);
  });

  test('a file in an unknown format: the import page says why, in French', async () => {
    const c = await admin();
    const { id, html } = await finished(
      c,
      await upload(c, { name: 'autre.csv', content: 'nom;prénom;âge\nDupont;Jean;42\n' }),
    );
    const text = textOf(html);
    assert.match(text, /État échec/);
    assert.match(text, /L’import a échoué ; rien n’a été enregistré format non reconnu/);
    const row = await db()
      .selectFrom('imports')
      .select(['status', 'error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'failed');
    assert.match(row.error ?? '', /^format non reconnu/);
  });

  test('bad uploads are refused on the form with a French reason', async () => {
    const c = await admin();
    const none = await upload(c, undefined, { election: 'municipales-2026', essai: '1' });
    assert.equal(none.status, 400);
    const noneHtml = await none.text();
    assert.match(textOf(noneHtml), /Le fichier n’a pas été importé choisissez le fichier à importer/);
    assert.match(noneHtml, /<option value="municipales-2026" selected="">/, 'choices kept');
    assert.match(noneHtml, /name="essai" type="checkbox" value="1" checked=""/);
    const big = await upload(c, { name: 'gros.csv', content: municipales2026(LENS_A).repeat(40) });
    assert.equal(big.status, 413);
    assert.match(textOf(await big.text()), /fichier trop volumineux : 20 ko au plus/);
    const election = await upload(
      c,
      { name: 'x.csv', content: municipales2026(LENS_A) },
      { election: 'municipales-1789' },
    );
    assert.equal(election.status, 400);
    assert.match(textOf(await election.text()), /élection inconnue : « municipales-1789 »/);
    assert.equal(readdirSync(uploads.dir).length, 4, 'refused uploads are not kept (only the 4 imported files)');
  });

  test('an upload without the anti-CSRF token is refused before anything is stored', async () => {
    const c = await admin();
    const before = readdirSync(uploads.dir).length;
    const form = new FormData();
    form.set('fichier', new File([municipales2026(LENS_A)], 'x.csv'));
    const response = await c.request('/admin/imports', { method: 'POST', body: form });
    assert.equal(response.status, 403);
    assert.equal(readdirSync(uploads.dir).length, before);
  });

  test('a running import: progress, reload every 2 s when followed, interrupted when nobody reports', async () => {
    const c = await admin();
    const base = {
      file_name: 'national.csv',
      format: 'municipales-2026',
      election_id: 'municipales-2026',
      status: 'running',
      dry_run: 0,
      finished_at: null,
      read_rows: 0,
      created_rows: 0,
      updated_rows: 0,
      unchanged_rows: 0,
      deleted_rows: 0,
      rejected_rows: 0,
      report_path: null,
      message: null,
      actor: 'test',
      error: null,
    };
    await db()
      .insertInto('imports')
      .values({
        ...base,
        id: 'en-cours',
        started_at: new Date().toISOString(),
        progress_rows: 123_456,
        progress_at: new Date().toISOString(),
      })
      .execute();
    const followed = await (await c.get('/admin/imports/en-cours?suivi=auto')).text();
    assert.match(followed, /<meta http-equiv="refresh" content="2"\/>/);
    assert.match(textOf(followed), /État en cours/);
    assert.match(textOf(followed), /123\s456 lignes lues pour le moment/);
    assert.match(followed, /<a href="\/admin\/imports\/en-cours">Arrêter l’actualisation automatique<\/a>/);
    const still = await (await c.get('/admin/imports/en-cours')).text();
    assert.doesNotMatch(still, /http-equiv="refresh"/);
    assert.match(still, /<a href="\/admin\/imports\/en-cours\?suivi=auto">Actualiser automatiquement<\/a>/);
    const old = new Date(Date.now() - 3_600_000).toISOString();
    await db()
      .insertInto('imports')
      .values({ ...base, id: 'perdu', started_at: old, progress_at: old })
      .execute();
    const lost = await (await c.get('/admin/imports/perdu?suivi=auto')).text();
    assert.match(textOf(lost), /État interrompu/);
    assert.doesNotMatch(lost, /http-equiv="refresh"/);
    assert.equal((await c.get('/admin/imports/inconnu')).status, 404);
    assert.equal((await c.get('/admin/imports/en-cours/rejets.csv')).status, 404);
  });

  test('no unexpected server error', () => {
    assert.deepEqual(errors, []);
    assert.ok(existsSync(uploads.reportDir));
  });
});
