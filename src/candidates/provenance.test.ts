import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { importFile } from './import/import.service.ts';

// Issue 5: "Département, circonscription, commune, list and person pages complete and consistent, with
// breadcrumbs and canonical URLs; each page shows when its data was last imported and from which official file."

const fixtures = join(import.meta.dirname, 'import', 'fixtures');

forEachDatabase('pages name their official files, breadcrumbs and canonical URLs', (database) => {
  let listId = '';
  let personId = '';

  before(async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-reports-'));
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), { reportDir });
    await importFile(database().connection, join(fixtures, 'legislatives-2024.csv'), { reportDir });
    const { db } = database().connection;
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .executeTakeFirstOrThrow();
    listId = list.id;
    const person = await db
      .selectFrom('candidacies')
      .select('person_id')
      .where('list_id', '=', listId)
      .executeTakeFirstOrThrow();
    personId = person.person_id;
  });

  const page = async (path: string) => {
    const response = await testApp(database().connection).app.request(path);
    assert.equal(response.status, 200, path);
    return response.text();
  };
  const municipales =
    /Fichier officiel « municipales-2026\.csv » \(Municipales 2026 — listes candidates[^)]*\)\), importé le <time datetime="\d{4}-\d\d-\d\dT/;
  const legislatives = /Fichier officiel « legislatives-2024\.csv » \(Législatives 2024/;

  test('commune, list and person pages: the municipales file and when it was imported', async () => {
    for (const path of ['/communes/62498', `/listes/${listId}`, `/personnes/${personId}`]) {
      const html = await page(path);
      assert.match(html, /<h2 id="provenance-titre">Sources de cette page<\/h2>/, path);
      assert.match(html, municipales, path);
      assert.doesNotMatch(html, legislatives, `${path} names only its own files`);
      assert.match(html, /<nav aria-label="Fil d’Ariane" class="breadcrumbs">/, path);
      assert.match(html, new RegExp(`<link rel="canonical" href="http://pacte\\.test${path}"/>`), path);
    }
    assert.match(await page('/communes/62498'), /Territoires : Découpage administratif/);
  });

  test('département and circonscription pages name the files of their ballots', async () => {
    const departement = await page('/departements/62');
    assert.match(departement, municipales);
    assert.match(departement, legislatives);
    assert.match(departement, /<link rel="canonical" href="http:\/\/pacte\.test\/departements\/62"\/>/);
    const circonscription = await page('/circonscriptions/62-13');
    assert.match(circonscription, legislatives);
    assert.doesNotMatch(circonscription, municipales);
    assert.match(circonscription, /class="breadcrumbs"/);
    const empty = await page('/departements/48');
    assert.match(empty, /Aucun fichier officiel de candidatures n’a encore été importé pour cette page\./);
    assert.match(await page('/departements/62?lang=en'), /Sources of this page/);
  });
});
