import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { importFile } from '../candidates/import/import.service.ts';
import { createSignature, transitionSignature } from '../pledges/signatures.service.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';

const fixture = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');

// The commune page is kept rendered per data version (web/page-cache.ts), its elections, sources,
// nuance labels and imports per data version too (db/data-version.ts): what changes must show at once.
forEachDatabase('commune page: what changes shows at once', (database) => {
  const reportDir = mkdtempSync(join(tmpdir(), 'pacte-commune-page-'));
  const app = () => testApp(database().connection).app;
  const lens = async () => {
    const response = await app().request('/communes/62498');
    assert.equal(response.status, 200);
    return response.text();
  };

  before(async () => {
    await importFile(database().connection, fixture, { reportDir });
  });

  test('lists in panel order, members in list order, the file they came from', async () => {
    const html = await lens();
    assert.match(html, /Lens en commun/);
    const positions = [...html.matchAll(/<li value="(\d+)"><a href="\/personnes\//g)].map((m) => Number(m[1]));
    assert.deepEqual(positions.slice(0, 2), [1, 2]);
    assert.match(html, /municipales-2026\.csv/);
  });

  test('a published signature, then a corrected file, show on the page already rendered', async () => {
    const cached = await lens();
    assert.equal(await lens(), cached, 'served again from the page cache');
    const { db } = database().connection;
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('panel')
      .executeTakeFirstOrThrow();
    const { signature } = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId: list.id,
      fields: {
        listName: 'Lens en commun',
        listPosition: '1',
        parties: '',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'LEFÈBVRE',
        firstName: 'Anne-Sophie',
        phone: '',
        email: 'tete@exemple.test',
        place: 'Lens',
        signedOn: '2026-02-02',
      },
      consentPublish: true,
      consentContact: false,
      comment: 'Signé à la permanence',
    });
    assert.doesNotMatch(await lens(), /Signé à la permanence/, 'not shown before publication');
    await transitionSignature(db, signature.id, 'published', 'test', null);
    assert.match(await lens(), /Signé à la permanence/);

    const corrected = join(reportDir, 'municipales-2026-corrige.csv');
    writeFileSync(
      corrected,
      readFileSync(fixture, 'utf8').replaceAll('"Lens en commun"', '"Lens en commun, corrigée"'),
    );
    await importFile(database().connection, corrected, { reportDir });
    const html = await lens();
    assert.match(html, /Lens en commun, corrigée/);
    assert.match(html, /municipales-2026-corrige\.csv/, 'the page names the file its lists now come from');
  });
});
