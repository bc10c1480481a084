import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { PRIVATE_COMMENT, PUBLIC_ANSWER, type SeededSignatures, seedSignatures } from './signatures.fixtures.ts';

// Publication of verified signatures: the directory and its filters, downloads, feeds, the public
// page and its badge.

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

forEachDatabase('signatures publication', (database) => {
  let seeded: SeededSignatures;
  const get = async (path: string) => {
    const response = await testApp(database().connection).app.request(path);
    return { response, status: response.status, text: await response.text() };
  };

  before(async () => {
    seeded = await seedSignatures(database().connection);
  });

  test('/signataires lists published signatures only, newest first, with filters', async () => {
    const all = await get('/signataires');
    assert.equal(all.status, 200);
    const text = textOf(all.text);
    assert.match(text, /3 signature\(s\) publiée\(s\)/);
    assert.match(text, /Liste « Lens en commun »/);
    assert.match(text, /Jérôme KACZMAREK/);
    assert.match(text, /Liste « Paris libre »/);
    assert.doesNotMatch(text, /DA SILVA/, 'a signature to verify is not public');
    assert.match(all.text, new RegExp(`href="/signataires/${seeded.listSigned}"`));

    const lens = textOf((await get('/signataires?commune=62498')).text);
    assert.match(lens, /2 signature\(s\)/);
    assert.doesNotMatch(lens, /Paris libre/);
    const paris = textOf((await get('/signataires?departement=75&election=municipales-2026')).text);
    assert.match(paris, /1 signature\(s\)/);
    assert.match(paris, /Paris libre/);
    const ldvg = textOf((await get('/signataires?nuance=ldvg')).text);
    assert.match(ldvg, /2 signature\(s\)/);
    const withAnswer = textOf((await get('/signataires?reponse=avec')).text);
    assert.match(withAnswer, /1 signature\(s\)/);
    assert.match(withAnswer, /Lens en commun/);
    const without = textOf((await get('/signataires?reponse=sans')).text);
    assert.match(without, /2 signature\(s\)/);
    const none = textOf((await get('/signataires?election=legislatives-2024')).text);
    assert.match(none, /0 signature\(s\)/);
  });

  test('commune, list and person pages show the published signatures', async () => {
    const commune = await get('/communes/62498');
    assert.equal(commune.status, 200);
    const communeText = textOf(commune.text);
    assert.match(communeText, /Signataires du pacte \(2\)/);
    assert.match(communeText, /La liste a signé Liste « Lens en commun » — signée par Anne-Sophie LEFÈBVRE/);
    assert.match(communeText, /A signé Jérôme KACZMAREK — liste « Lens en commun », position 2/);
    assert.match(communeText, new RegExp(PUBLIC_ANSWER));
    assert.match(commune.text, /href="\/flux\/communes\/62498\/signatures.atom"/);
    assert.match(
      commune.text,
      /<link rel="alternate" type="application\/atom\+xml" href="\/flux\/communes\/62498\/signatures.atom"/,
    );
    assert.doesNotMatch(communeText, /Maria DA SILVA — liste/, 'not verified: not shown');
    const paris = textOf((await get('/communes/75056')).text);
    assert.match(paris, /Liste « Paris libre »/);

    const list = textOf((await get(`/listes/${seeded.listId}`)).text);
    assert.match(list, /Signataires du pacte \(2\)/);
    assert.match(list, /La liste a signé Liste « Lens en commun »/);
    assert.match(list, /A signé Jérôme KACZMAREK/);

    // A person's page: their own signature, and their list's.
    const person = textOf((await get(`/personnes/${seeded.personId}`)).text);
    assert.match(person, /Signataires du pacte \(2\)/);
    assert.match(person, /A signé Jérôme KACZMAREK — liste « Lens en commun », position 2/);
    assert.match(person, /La liste a signé Liste « Lens en commun »/);
    const other = await database()
      .connection.db.selectFrom('candidacies')
      .select('person_id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('list_id', '<>', seeded.listId)
      .executeTakeFirstOrThrow();
    assert.match(textOf((await get(`/personnes/${other.person_id}`)).text), /Aucune signature publiée/);
  });

  test('in English too', async () => {
    const page = textOf((await get('/signataires?lang=en')).text);
    assert.match(page, /Pact signatories/);
    assert.match(page, /List “Lens en commun” signed by Anne-Sophie LEFÈBVRE/);
    assert.match(page, /Jérôme KACZMAREK list “ ?Lens en commun ?”, position 2/);
    const one = textOf((await get(`/signataires/${seeded.listSigned}?lang=en`)).text);
    assert.match(one, /This list signed the Free Software Pact/);
  });

  test('bad filters are said so in French, the valid ones still apply', async () => {
    const bad = await get('/signataires?departement=%3Cscript%3E&commune=62498');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /code de département attendu/);
    assert.doesNotMatch(bad.text, /<script>/);
    assert.match(textOf(bad.text), /2 signature\(s\)/);
    const csv = await get('/signataires.csv?reponse=peut-etre');
    assert.equal(csv.status, 400);
    assert.match(csv.text, /« avec » ou « sans » attendu/);
  });

  test('downloads: CSV, ODS and JSON, streamed, with the same filters', async () => {
    const csv = await get('/signataires.csv?nuance=LDVG');
    assert.equal(csv.status, 200);
    assert.equal(csv.response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(csv.response.headers.get('content-disposition') ?? '', /attachment; filename="signataires\.csv"/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0]?.split(',')[0], 'Identifiant');
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.includes('Lens en commun') && l.includes(PUBLIC_ANSWER)));
    assert.ok(lines.some((l) => l.includes('KACZMAREK')));
    assert.ok(!csv.text.includes(PRIVATE_COMMENT), 'a comment without consent is not published');

    const json = await get('/signataires.json?departement=75');
    const rows = JSON.parse(json.text);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].libelle_liste, 'Paris libre');
    assert.equal(rows[0].code_insee, '75056');
    assert.deepEqual(
      Object.keys(rows[0]).filter((k) => /mail|phone|tel/i.test(k)),
      [],
    );

    const ods = await get('/signataires.ods');
    assert.equal(ods.status, 200);
    assert.equal(ods.response.headers.get('content-type'), 'application/vnd.oasis.opendocument.spreadsheet');
  });

  test('the public page of a signature, its badge and snippet', async () => {
    const page = await get(`/signataires/${seeded.listSigned}`);
    assert.equal(page.status, 200);
    const text = textOf(page.text);
    assert.match(text, /Cette liste a signé le Pacte du Logiciel Libre/);
    assert.match(text, new RegExp(PUBLIC_ANSWER));
    assert.match(page.text, new RegExp(`src="http://pacte.test/signataires/${seeded.listSigned}/badge.svg"`));
    // The snippet, escaped once in the textarea.
    assert.match(
      page.text,
      new RegExp(`&lt;a href=&quot;http://pacte.test/signataires/${seeded.listSigned}&quot;&gt;&lt;img src=`),
    );
    const person = textOf((await get(`/signataires/${seeded.personSigned}`)).text);
    assert.doesNotMatch(person, /Commentaire que je ne veux pas/);

    const badge = await get(`/signataires/${seeded.listSigned}/badge.svg`);
    assert.equal(badge.status, 200);
    assert.equal(badge.response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    assert.equal(badge.response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(badge.text, /J’ai signé le Pacte du Logiciel Libre/);
    assert.match(badge.text, /Liste « Lens en commun »/);

    assert.equal((await get(`/signataires/${seeded.waiting}`)).status, 404, 'not published: not found');
    assert.equal((await get(`/signataires/${seeded.waiting}/badge.svg`)).status, 404);
    assert.equal((await get('/signataires/..%2F..%2Fetc')).status, 404);
  });

  test('Atom feeds: all, per département, per commune', async () => {
    const all = await get('/flux/signatures.atom');
    assert.equal(all.status, 200);
    assert.equal(all.response.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.match(all.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(
      all.text,
      /<link rel="self" type="application\/atom\+xml" href="http:\/\/pacte.test\/flux\/signatures.atom"\/>/,
    );
    assert.ok((all.text.match(/<entry>/g) ?? []).length >= 3);
    assert.match(all.text, /<title type="text">Liste « Lens en commun » a signé le Pacte du Logiciel Libre<\/title>/);

    const paris = await get('/flux/departements/75/signatures.atom');
    assert.equal(paris.status, 200);
    assert.equal((paris.text.match(/<entry>/g) ?? []).length, 1);
    assert.match(paris.text, /Paris libre/);

    const lens = await get('/flux/communes/62498/signatures.atom');
    assert.match(lens.text, /Lens en commun/);
    assert.doesNotMatch(lens.text, /Paris libre/);
    assert.equal((await get('/flux/communes/00000/signatures.atom')).status, 404);
    assert.equal((await get('/flux/departements/00/signatures.atom')).status, 404);
  });
  test('pagination keeps the filters', async () => {
    const { db } = database().connection;
    // 60 more published signatures in Lens, to get a second page.
    const { createSignature, transitionSignature } = await import('./signatures.service.ts');
    for (let i = 0; i < 60; i++) {
      const { signature } = await createSignature(db, {
        electionId: 'municipales-2026',
        variant: 'individual',
        channel: 'paper',
        communeInsee: '62498',
        fields: {
          listName: 'Liste test',
          listPosition: String(i + 1),
          parties: '',
          website: '',
          communeName: 'Lens',
          postcode: '62300',
          lastName: `NOM${String(i).padStart(2, '0')}`,
          firstName: 'Test',
          phone: '',
          email: `page${i}@exemple.test`,
          place: 'Lens',
          signedOn: '2026-02-02',
        },
        consentPublish: false,
        consentContact: false,
      });
      await transitionSignature(db, signature.id, 'published', 'test', null);
    }
    const first = await get('/signataires?commune=62498');
    assert.match(textOf(first.text), /62 signature\(s\)/);
    assert.match(textOf(first.text), /Page 1 sur 2/);
    assert.match(first.text, /href="\/signataires\?commune=62498&amp;page=2"/);
    const second = await get('/signataires?commune=62498&page=2');
    assert.match(textOf(second.text), /Page 2 sur 2/);
    assert.equal((second.text.match(/<tr>/g) ?? []).length, 1 + 12, 'header + the last 12');
    const csv = await get('/signataires.csv?commune=62498');
    assert.equal(csv.text.trim().split('\r\n').length, 1 + 62);
  });
});
