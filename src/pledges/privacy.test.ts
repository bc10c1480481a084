import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import {
  PRIVATE_COMMENT,
  SECRET_EMAILS,
  SECRET_PHONES,
  type SeededSignatures,
  seedSignatures,
} from './signatures.fixtures.ts';

// Telephone and email never appear in any public output: every public page, download, API answer,
// feed and badge that can show a signature is fetched, and searched for the phone numbers (as typed
// and as bare digits) and email addresses given when signing.

const decoder = new TextDecoder();

/** The text of a response; for an ODS file, every XML part inside the zip. */
async function bodyText(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if ((response.headers.get('content-type') ?? '').includes('opendocument')) {
    return Object.values(unzipSync(bytes))
      .map((part) => decoder.decode(part))
      .join('\n');
  }
  return decoder.decode(bytes);
}

const digits = (s: string) => s.replace(/\D/g, '');

forEachDatabase('personal data never public', (database) => {
  let seeded: SeededSignatures;

  before(async () => {
    seeded = await seedSignatures(database().connection);
  });

  test('no public output carries a signatory’s phone, email, or unpublished comment', async () => {
    const { app } = testApp(database().connection);
    const published = [seeded.listSigned, seeded.personSigned, seeded.parisSigned];
    const paths = [
      '/',
      '/communes/62498',
      '/communes/75056',
      `/listes/${seeded.listId}`,
      `/listes/${seeded.listId}.csv`,
      `/listes/${seeded.listId}.json`,
      `/personnes/${seeded.personId}`,
      '/signataires',
      '/signataires?reponse=avec',
      '/signataires?reponse=sans',
      '/signataires?commune=62498',
      '/signataires.csv',
      '/signataires.json',
      '/signataires.ods',
      '/signataires.csv?departement=75',
      '/api/v1/signatures',
      '/api/v1/signatures?departement=62&election=municipales-2026',
      '/api/v1/signatures?reponse=avec',
      '/flux/signatures.atom',
      '/flux/departements/62/signatures.atom',
      '/flux/departements/75/signatures.atom',
      '/flux/communes/62498/signatures.atom',
      '/flux/communes/75056/signatures.atom',
      ...published.flatMap((id) => [`/signataires/${id}`, `/signataires/${id}/badge.svg`]),
      `/signataires/${seeded.waiting}`,
    ];
    const phoneDigits = SECRET_PHONES.map(digits);
    let checked = 0;
    for (const path of paths) {
      const response = await app.request(path);
      assert.ok([200, 404].includes(response.status), `${path}: ${response.status}`);
      const text = await bodyText(response);
      const bare = digits(text);
      for (const email of SECRET_EMAILS) {
        assert.ok(!text.toLowerCase().includes(email), `${path} shows the email ${email}`);
        assert.ok(!text.includes(email.split('@')[0] ?? email), `${path} shows the local part of ${email}`);
      }
      for (const phone of SECRET_PHONES) assert.ok(!text.includes(phone), `${path} shows the phone ${phone}`);
      for (const phone of phoneDigits) {
        assert.ok(!bare.includes(phone.slice(-9)), `${path} shows the phone digits ${phone}`);
      }
      assert.ok(!text.includes(PRIVATE_COMMENT), `${path} shows a comment its author kept private`);
      checked++;
    }
    assert.equal(checked, paths.length);

    // The checks bite: the signatures are really on these pages (the grep is not looking at empty pages).
    const commune = await (await app.request('/communes/62498')).text();
    assert.match(commune, /Lens en commun/);
    assert.match(commune, /Jérôme KACZMAREK/);
    const csv = await (await app.request('/signataires.csv')).text();
    assert.equal(csv.trim().split('\r\n').length, 4);
  });
});
