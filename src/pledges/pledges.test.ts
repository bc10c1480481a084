import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PACT_2026, PACT_2026_ID } from './pact-2026.seed.ts';
import { addPactVersion, getCurrentPact, listPactVersions, seedPactDocuments } from './pact-documents.service.ts';
import { renderPactPdf } from './pact-pdf.ts';

const TITLES = [
  'Donner la priorité aux logiciels libres et aux formats ouverts',
  'Défendre et promouvoir une informatique émancipatrice',
  'Contribuer à la pérennité des logiciels libres utilisés',
];

forEachDatabase('pact documents', (database) => {
  test('the 2026 pact is seeded once, verbatim, for municipales-2026', async () => {
    const { db } = database().connection;
    await seedPactDocuments(db);
    await seedPactDocuments(db);
    const versions = await listPactVersions(db, PACT_2026_ID);
    assert.equal(versions.length, 1);
    const pact = await getCurrentPact(db, 'municipales-2026');
    assert.ok(pact);
    assert.equal(pact.id, 'pacte-logiciel-libre-2026-municipales');
    assert.equal(pact.version, 1);
    assert.deepEqual(pact.elections, ['municipales-2026']);
    assert.equal(pact.listIntro, "Par ma signature, ma liste s'engage à agir pour :");
    assert.equal(pact.individualIntro, "Par ma signature, je m'engage à agir au sein de ma collectivité pour :");
    assert.deepEqual(
      pact.commitments.map((c) => c.title),
      TITLES,
    );
    assert.deepEqual(
      pact.commitments.map((c) => c.actions.length),
      PACT_2026.commitments.map((c) => c.actions.length),
    );
    assert.match(pact.commitments[0]?.actions[0]?.text ?? '', /^Convaincre la direction générale/);
    assert.equal(pact.commitments[2]?.notes.at(-1)?.url, 'https://www.libreavous.org/interview-de-collectivites');
    assert.match(pact.personalDataNotice, /d'accès, de modification, de rectification et de suppression/);
    assert.equal(await getCurrentPact(db, 'legislatives-2024'), undefined);
  });

  test('a new version becomes current once published; drafts never do', async () => {
    const { db } = database().connection;
    const { id: _, version: __, elections: ___, ...input } = PACT_2026;
    const draft = await addPactVersion(db, PACT_2026_ID, { ...input, publishedAt: null });
    assert.equal(draft.version, 2);
    assert.equal((await getCurrentPact(db, 'municipales-2026'))?.version, 1);
    const published = await addPactVersion(db, PACT_2026_ID, {
      ...input,
      title: 'Le Pacte du Logiciel Libre (corrigé)',
      publishedAt: '2026-01-15T00:00:00.000Z',
    });
    assert.equal(published.version, 3);
    const current = await getCurrentPact(db, 'municipales-2026', new Date('2026-02-01T00:00:00Z'));
    assert.equal(current?.version, 3);
    assert.equal(current?.title, 'Le Pacte du Logiciel Libre (corrigé)');
    assert.equal(current?.commitments.length, 3);
    const before = await getCurrentPact(db, 'municipales-2026', new Date('2025-12-01T00:00:00Z'));
    assert.equal(before?.version, 1);
    assert.deepEqual(
      (await listPactVersions(db, PACT_2026_ID)).map((v) => v.version),
      [3, 2, 1],
    );
    const fresh = await addPactVersion(
      db,
      'pacte-test',
      { ...input, publishedAt: '2020-01-01T00:00:00.000Z' },
      {
        elections: ['municipales-2020'],
      },
    );
    assert.equal(fresh.version, 1);
    assert.equal((await getCurrentPact(db, 'municipales-2020'))?.id, 'pacte-test');
  });

  test('/pacte: the pact in French with its three commitments, printable, with the blank PDF', async () => {
    const { app, errors } = testApp(database().connection);
    const response = await app.request('/pacte');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<html lang="fr">/);
    for (const title of TITLES) assert.ok(html.includes(title), title);
    assert.ok(html.includes('Par ma signature, ma liste s&#39;engage à agir pour :'));
    assert.ok(html.includes('href="/pacte.pdf"'));
    assert.ok(html.includes('href="/pacte/imprimer"'));
    assert.ok(html.includes('<a href="/pacte">Le pacte</a>'), 'nav link');
    assert.ok(html.includes('href="https://comptoir-du-libre.org/fr"'), 'footnote address used for the link');
    const print = await app.request('/pacte/imprimer');
    assert.equal(print.status, 200);
    assert.ok((await print.text()).includes(TITLES[2] as string));
    const pdf = await app.request('/pacte.pdf');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(errors, []);
  });

  test('the filled PDF carries the fields, accents and « » (read back with pdftotext)', async () => {
    const pact = await getCurrentPact(database().connection.db, 'municipales-2026');
    assert.ok(pact);
    const fields = {
      listName: 'Œuvrons ensemble',
      listPosition: '3',
      parties: 'Les Écologistes « Libres »',
      website: 'https://exemple.fr',
      commune: 'L’Haÿ-les-Roses',
      postcode: '94240',
      lastName: 'Dupré-Lœuvre',
      firstName: 'Élodie',
      phone: '01 23 45 67 89',
      email: 'elodie@exemple.fr',
      place: 'L’Haÿ-les-Roses',
      date: '22/11/2026',
    };
    const dir = mkdtempSync(join(tmpdir(), 'pacte-pdf-'));
    try {
      const file = join(dir, 'pacte.pdf');
      writeFileSync(file, await renderPactPdf(pact, fields, 'list'));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/ +/g, ' ');
      for (const value of Object.values(fields)) assert.ok(text.includes(value), value);
      assert.ok(text.includes("Par ma signature, ma liste s'engage à agir pour :"));
      assert.ok(!text.includes('je m’engage à agir au sein'), 'only the chosen variant');
      assert.ok(text.includes("« d'acquisition »"));
      for (const title of TITLES) assert.ok(text.includes(title), title);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      assert.match(info, /Pages:\s+[4-9]/);
      const blank = join(dir, 'blanc.pdf');
      writeFileSync(blank, await renderPactPdf(pact));
      const blankText = execFileSync('pdftotext', [blank, '-'], { encoding: 'utf8' });
      assert.ok(blankText.includes('Nom de la liste :'));
      assert.ok(blankText.includes("je m'engage à agir au sein de ma collectivité pour :"));
      assert.ok(!blankText.includes('Élodie'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
