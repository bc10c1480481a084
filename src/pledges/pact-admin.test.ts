import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PACT_2026_ID } from './pact-2026.seed.ts';
import { getCurrentPact } from './pact-documents.service.ts';

const PASSWORD = 'mot de passe solide';
const decode = (html: string) =>
  html
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields of the first form of a page, as a browser would send them (checked boxes only). */
function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs)?.[1];
    if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(attrs)) continue;
    fields.append(name, decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? ''));
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields.append(m[1] as string, decode(m[2] ?? ''));
  }
  return fields;
}

forEachDatabase('pact versions written by an admin', (database) => {
  const db = () => database().connection.db;
  let admin: TestClient;

  before(async () => {
    await createUser(db(), { email: 'admin@exemple.test', role: 'admin', password: PASSWORD });
    await createUser(db(), { email: 'benevole@exemple.test', role: 'volunteer', password: PASSWORD });
    admin = new TestClient(testApp(database().connection).app);
    assert.equal((await admin.login('admin@exemple.test', PASSWORD)).status, 303);
  });

  const post = (fields: URLSearchParams) =>
    admin.request('/admin/pactes/nouvelle', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });

  test('a législatives pact written from the municipal one, published, becomes the pact of that election', async () => {
    const list = await (await admin.get('/admin/pactes')).text();
    assert.match(list, new RegExp(`${PACT_2026_ID}`));
    assert.match(list, /publiée le 01\/11\/2025/);
    const page = await admin.get(`/admin/pactes/nouvelle?depuis=${PACT_2026_ID}:1`);
    assert.equal(page.status, 200);
    const fields = formFields(await page.text());
    assert.match(
      fields.get('commitments') ?? '',
      /^# 1\. Donner la priorité aux logiciels libres et aux formats ouverts$/m,
    );
    assert.deepEqual(fields.getAll('elections'), ['municipales-2026']);
    fields.set('documentId', 'pacte-logiciel-libre-2024-legislatives');
    fields.set('electionLabel', 'Élections législatives 2024');
    fields.delete('elections');
    fields.append('elections', 'legislatives-2024');
    fields.set('listIntro', "Par ma signature, mon parti s'engage à agir pour :");
    fields.set('publish', '1');
    const saved = await post(fields);
    assert.equal(saved.status, 303, await saved.text());
    const pact = await getCurrentPact(db(), 'legislatives-2024');
    assert.equal(pact?.id, 'pacte-logiciel-libre-2024-legislatives');
    assert.equal(pact?.version, 1);
    assert.equal(pact?.electionLabel, 'Élections législatives 2024');
    const municipal = await getCurrentPact(db(), 'municipales-2026');
    assert.deepEqual(
      pact?.commitments.map((c) => [c.title, c.actions.length]),
      municipal?.commitments.map((c) => [c.title, c.actions.length]),
      'the commitments and their actions are copied exactly',
    );
  });

  test('a draft is not signed until published; then it is the current version', async () => {
    const fields = formFields(await (await admin.get(`/admin/pactes/nouvelle?depuis=${PACT_2026_ID}:1`)).text());
    fields.set('title', 'Le Pacte du Logiciel Libre (corrigé)');
    fields.delete('publish');
    assert.equal((await post(fields)).status, 303);
    assert.equal((await getCurrentPact(db(), 'municipales-2026'))?.version, 1, 'the draft is not current');
    assert.match(await (await admin.get('/admin/pactes')).text(), /brouillon/);
    const token = await admin.csrfToken('/admin/pactes');
    const published = await admin.post(`/admin/pactes/${PACT_2026_ID}/2/publier`, { _csrf: token });
    assert.equal(published.status, 303);
    const current = await getCurrentPact(db(), 'municipales-2026');
    assert.equal(current?.version, 2);
    assert.equal(current?.title, 'Le Pacte du Logiciel Libre (corrigé)');
    assert.equal((await admin.post(`/admin/pactes/${PACT_2026_ID}/2/publier`, { _csrf: token })).status, 404, 'once');
  });

  test('mistakes: the form comes back with the values and a French message by each field, nothing stored', async () => {
    const fields = new URLSearchParams({
      _csrf: await admin.csrfToken('/admin/pactes/nouvelle'),
      documentId: 'Pacte 2027 !',
      title: '',
      electionLabel: 'Européennes',
      commitments: 'Du texte sans engagement',
    });
    fields.append('elections', 'presidentielle-2099');
    const response = await post(fields);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /Identifiant attendu en minuscules, chiffres et tirets/);
    assert.match(html, /Saisissez le titre\./);
    assert.match(html, /Élection inconnue : presidentielle-2099\./);
    assert.match(html, /ligne 1 : le texte doit commencer par « # 1\. Titre du premier engagement »/);
    assert.match(html, /value="Pacte 2027 !"/);
    assert.match(html, />Du texte sans engagement<\/textarea>/);
    const count = await db().selectFrom('pact_documents').select('id').where('id', '=', 'Pacte 2027 !').execute();
    assert.equal(count.length, 0);
  });

  test('volunteers cannot reach the pact administration', async () => {
    const volunteer = new TestClient(testApp(database().connection).app);
    assert.equal((await volunteer.login('benevole@exemple.test', PASSWORD)).status, 303);
    assert.equal((await volunteer.get('/admin/pactes')).status, 403);
    assert.equal((await volunteer.get('/admin/pactes/nouvelle')).status, 403);
  });
});
