// Attack: HTML and script in every text a visitor, a candidate or an official file can put into
// Pacte, then every public page, feed and image that shows that text is fetched. Each must show it
// as text (escaped), never as markup.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { importFile } from '../../src/candidates/import/import.service.ts';
import { createOrganisation } from '../../src/outreach/organisations.service.ts';
import { createSignature, transitionSignature } from '../../src/pledges/signatures.service.ts';
import { testApp } from '../../src/testing/app.ts';
import { forEachDatabase } from '../../src/testing/databases.ts';

/** Breaks out of text, of a double- or single-quoted attribute, and of an XML/CDATA section. */
const PAYLOAD = `<script>alert("x1")</script>"><img src=x onerror=alert(2)>'><svg onload=alert(3)>]]><!--`;
const DANGEROUS = [/<script>alert\("x1"\)/i, /<img src=x onerror/i, /<svg onload/i];

forEachDatabase('cross-site scripting: text shown as text everywhere', (database) => {
  let dir = '';
  const ids = { list: '', person: '', signature: '', slug: '' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-xss-'));
    const { db } = database().connection;
    await importFile(database().connection, MUNICIPALES_2026_FIXTURE, { reportDir: dir });
    const list = await db
      .selectFrom('lists')
      .select(['id'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    ids.list = list.id;
    // As if the official file carried it (the importer stores names as they are).
    await db
      .updateTable('lists')
      .set({ name: `Liste ${PAYLOAD}`, short_name: `L ${PAYLOAD}` })
      .where('id', '=', list.id)
      .execute();
    const candidacy = await db
      .selectFrom('candidacies')
      .select(['id', 'person_id'])
      .where('list_id', '=', list.id)
      .where('position', '=', 1)
      .executeTakeFirstOrThrow();
    ids.person = candidacy.person_id;
    await db
      .updateTable('people')
      .set({ last_name: `NOM${PAYLOAD}`, first_name: `Prénom${PAYLOAD}` })
      .where('id', '=', candidacy.person_id)
      .execute();
    await db
      .updateTable('candidacies')
      .set({ last_name: `NOM${PAYLOAD}`, first_name: `Prénom${PAYLOAD}` })
      .where('id', '=', candidacy.id)
      .execute();

    const created = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      communeInsee: '62498',
      listId: list.id,
      fields: {
        listName: `Liste ${PAYLOAD}`,
        listPosition: '1',
        parties: `Parti ${PAYLOAD}`,
        website: `https://exemple.org/${encodeURIComponent(PAYLOAD)}`,
        communeName: 'Lens',
        postcode: '62300',
        lastName: `NOM${PAYLOAD}`,
        firstName: `Prénom${PAYLOAD}`,
        phone: '0601020304',
        email: 'xss@exemple.test',
        place: `Lens ${PAYLOAD}`,
        signedOn: '2026-02-01',
      },
      consentPublish: true,
      consentContact: false,
      comment: `Réponse ${PAYLOAD}`,
    });
    ids.signature = created.signature.id;
    await transitionSignature(db, ids.signature, 'published', 'moderateur-test', 'test');

    const organisation = await createOrganisation(db, {
      name: `GULL ${PAYLOAD}`.slice(0, 100),
      kind: 'lug',
      website: 'https://gull.exemple.org',
      description: `Description ${PAYLOAD}`,
    });
    assert.ok(organisation.ok, JSON.stringify(organisation));
    if (organisation.ok) ids.slug = organisation.organisation.slug;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every public page, feed and image that shows the text escapes it', async () => {
    const { app, errors } = testApp(database().connection);
    const paths = [
      '/',
      '/communes/62498',
      '/departements/62',
      `/listes/${ids.list}`,
      `/personnes/${ids.person}`,
      '/signataires',
      `/signataires/${ids.signature}`,
      `/signataires/${ids.signature}/badge.svg`,
      '/flux/signatures.atom',
      '/flux/departements/62/signatures.atom',
      '/flux/communes/62498/signatures.atom',
      '/relais',
      `/relais/${ids.slug}`,
      `/relais/${ids.slug}/actions.atom`,
      '/statistiques',
      '/carte',
      `/recherche?q=${encodeURIComponent(PAYLOAD)}`,
      `/signataires?commune=${encodeURIComponent(PAYLOAD)}`,
    ];
    let shown = 0;
    for (const path of paths) {
      const response = await app.request(path);
      assert.ok(response.status < 500, `${path}: ${response.status}`);
      const body = await response.text();
      for (const pattern of DANGEROUS) assert.doesNotMatch(body, pattern, `${path} shows markup from the data`);
      if (/&lt;script&gt;alert|&lt;img src=x/.test(body)) shown++;
    }
    assert.ok(shown >= 8, `the payload is shown, escaped, on most of these pages (${shown})`);
    assert.deepEqual(errors, []);
  });
});
