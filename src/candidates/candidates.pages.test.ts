import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { importFile } from './import/import.service.ts';

// Issue 3: "Public pages now show real data: … /listes/:id, /personnes/:id (all their candidacies),
// /circonscriptions/:id for législatives."

const fixtures = join(import.meta.dirname, 'import', 'fixtures');

forEachDatabase('candidate pages (législatives, européennes)', (database) => {
  const page = async (path: string) => {
    const response = await testApp(database().connection).app.request(path);
    return { status: response.status, html: await response.text() };
  };

  before(async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-reports-'));
    await importFile(database().connection, join(fixtures, 'legislatives-2024.csv'), { reportDir });
    await importFile(database().connection, join(fixtures, 'europeennes-2024.csv'), { reportDir });
  });

  test('a circonscription page lists its candidates with nuance label, outgoing flag and suppléant', async () => {
    const { status, html } = await page('/circonscriptions/62-13');
    assert.equal(status, 200);
    assert.match(html, /13e circonscription — Pas-de-Calais/);
    assert.match(html, /Frédéric DUQUESNE/);
    assert.match(html, /sortant/);
    assert.match(html, /Union de la gauche/);
    assert.match(html, /Nadia LEROY/);
  });

  test('the circonscriptions of the French abroad (99) and of overseas collectivities have pages', async () => {
    assert.equal((await page('/circonscriptions/99-05')).status, 200);
    assert.match((await page('/circonscriptions/99-05')).html, /Français établis hors de France/);
    assert.equal((await page('/circonscriptions/977-01')).status, 200);
    assert.equal((await page('/circonscriptions/62-99x')).status, 404);
  });

  test('the département page links to its circonscriptions', async () => {
    const { html } = await page('/departements/62');
    assert.match(html, /href="\/circonscriptions\/62-13"/);
  });

  test('a national election page lists its lists; commune pages link to it', async () => {
    const { status, html } = await page('/elections/europeennes-2024');
    assert.equal(status, 200);
    assert.match(html, /Pour une Europe commune/);
    assert.match(html, /Claire BERNARD/);
    assert.match((await page('/communes/62498')).html, /href="\/elections\/europeennes-2024"/);
  });

  test('a person page shows every candidacy of that person', async () => {
    const row = await database()
      .connection.db.selectFrom('candidacies')
      .select('person_id')
      .where('ballot_id', '=', 'legislatives-2024.62-13')
      .where('last_name', '=', 'DUQUESNE')
      .executeTakeFirstOrThrow();
    const { html } = await page(`/personnes/${row.person_id}`);
    assert.match(html, /Élections législatives anticipées 2024/);
    assert.match(html, /href="\/circonscriptions\/62-13"/);
  });
});
