import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { importFile } from '../candidates/import/import.service.ts';
import { createSignature, transitionSignature } from '../pledges/signatures.service.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { CATALOGUE, COLUMN_DESCRIPTIONS } from './catalogue.ts';

const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');
const PHONE = '06 12 34 56 78';
const EMAIL = 'tete.de.liste@prive.test';

test('every column of every dataset is described in French and English', () => {
  for (const entry of CATALOGUE) {
    const dataset = entry.build({} as never, {}, async () => {
      throw new Error('not read');
    });
    for (const column of dataset.columns) {
      const description = COLUMN_DESCRIPTIONS[column.key];
      assert.ok(description?.fr && description.en, `${entry.name}.${column.key} is described`);
    }
  }
});

forEachDatabase('open-data dump (/donnees)', (database) => {
  before(async () => {
    const { db } = database().connection;
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-reports-')),
    });
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('panel')
      .executeTakeFirstOrThrow();
    const made = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId: list.id,
      fields: {
        listName: '',
        listPosition: '1',
        parties: 'Divers gauche',
        website: '',
        communeName: '',
        postcode: '',
        lastName: 'LEFÈBVRE',
        firstName: 'Anne-Sophie',
        phone: PHONE,
        email: EMAIL,
        place: 'Lens',
        signedOn: '2026-02-01',
      },
      consentPublish: true,
      consentContact: false,
      comment: 'Nous nous engageons.',
    });
    await transitionSignature(db, made.signature.id, 'published', 'moderateur');
  });

  test('the page offers each dataset in three formats, the licence and the dictionary', async () => {
    const { app } = testApp(database().connection);
    const response = await app.request('/donnees');
    assert.equal(response.status, 200);
    const html = await response.text();
    for (const entry of CATALOGUE) {
      for (const format of ['csv', 'ods', 'json'])
        assert.match(html, new RegExp(`href="/donnees/${entry.name}\\.${format}"`));
      assert.match(html, new RegExp(`id="dictionnaire-${entry.name}"`));
    }
    assert.match(html, /Licence Ouverte 2\.0/);
    assert.match(html, /Pourquoi la Licence Ouverte plutôt que l’ODbL/);
    assert.match(html, /<code>code_nuance<\/code>/);
    assert.match(html, /rel="canonical" href="http:\/\/pacte.test\/donnees"/);
    const english = await (await app.request('/donnees?lang=en')).text();
    assert.match(english, /Data dictionary/);
    const notice = await (await app.request('/donnees?format=xls')).text();
    assert.match(notice, /Le paramètre « format » n’est pas reconnu/);
  });

  test('downloads stream the public data only, with filters; bad filters are refused', async () => {
    const { app } = testApp(database().connection);
    for (const entry of CATALOGUE) {
      for (const format of ['csv', 'json', 'ods']) {
        const response = await app.request(`/donnees/${entry.name}.${format}`);
        assert.equal(response.status, 200, `${entry.name}.${format}`);
        const body = Buffer.from(await response.arrayBuffer());
        if (format !== 'ods') {
          const text = body.toString('utf8');
          assert.ok(!text.includes(EMAIL) && !text.includes(PHONE), `${entry.name}.${format} has no contact detail`);
        }
      }
    }
    const signatories = await (await app.request('/donnees/signataires.csv?departement=62')).text();
    assert.match(signatories, /LEFÈBVRE/);
    assert.match(signatories, /Nous nous engageons\./);
    const elsewhere = await (await app.request('/donnees/signataires.csv?departement=75')).text();
    assert.doesNotMatch(elsewhere, /LEFÈBVRE/);
    const stats = JSON.parse(await (await app.request('/donnees/statistiques-departements.json')).text());
    const pas = stats.find((d: { code_departement: string }) => d.code_departement === '62');
    assert.equal(pas.signatures, 1);
    const unknown = await app.request('/donnees/listes.csv?tri=nom');
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /Paramètre inconnu : « tri »/);
    const invalid = await app.request('/donnees/listes.csv?departement=%3Cscript%3E');
    assert.equal(invalid.status, 400);
    assert.equal((await app.request('/donnees/nulle-part.csv')).status, 404);
  });

  test('LibreOffice opens the ODS of the signatories with the right rows', async () => {
    const { app } = testApp(database().connection);
    const dir = mkdtempSync(join(tmpdir(), 'pacte-donnees-'));
    try {
      const ods = Buffer.from(await (await app.request('/donnees/signataires.ods')).arrayBuffer());
      writeFileSync(join(dir, 'signataires.ods'), ods);
      execFileSync(
        'libreoffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          dir,
          join(dir, 'signataires.ods'),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const lines = readFileSync(join(dir, 'signataires.csv'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 2, 'header and one signatory');
      assert.match(lines[0] ?? '', /^"?Identifiant"?,"?Signature de"?/);
      assert.match(lines[1] ?? '', /LEFÈBVRE/);
      assert.doesNotMatch(lines.join('\n'), /prive\.test|06 12 34/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
