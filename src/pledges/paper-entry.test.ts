import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';
import { documentsDir, readDocument } from './documents.storage.ts';
import { eventsOf, listSignaturesForModeration } from './signatures.service.ts';

// Journey 3: a volunteer keys in a paper signature with its scan (/espace/signatures/saisie).

const PASSWORD = 'mot de passe solide';
const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

forEachDatabase('paper signatures keyed in by volunteers', (database) => {
  const outbox = join(mkdtempSync(join(tmpdir(), 'pacte-paper-')), 'outbox');
  let config: ReturnType<typeof loadConfig>;
  let listId = '';
  const errors: unknown[] = [];
  const client = () =>
    new TestClient(createApp({ connection: database().connection, config, logError: (e) => errors.push(e) }));

  before(async () => {
    config = { ...loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' }), outboxDir: outbox };
    await createUser(database().connection.db, {
      email: 'benevole@example.org',
      role: 'volunteer',
      password: PASSWORD,
    });
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-reports-')),
    });
    const list = await database()
      .connection.db.selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    listId = list.id;
  });

  /** Posts the multipart form of the page, with the anti-CSRF token its action carries. */
  async function submit(
    user: TestClient,
    fields: Record<string, string>,
    file?: { name: string; bytes: Buffer; type: string },
  ) {
    const page = await (await user.get('/espace/signatures/saisie?commune=62498')).text();
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/
      .exec(page)?.[1]
      ?.replace(/&amp;/g, '&');
    assert.ok(action, 'the form posts somewhere');
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    if (file) body.set('document', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const response = await user.request(action, { method: 'POST', body });
    return response;
  }

  const valid = () => ({
    variant: 'list',
    liste: listId,
    listName: '',
    listPosition: '1',
    parties: 'Parti <b>test</b>',
    website: '',
    postcode: '62300',
    lastName: 'LEFÈBVRE',
    firstName: 'Anne-Sophie',
    phone: '06 11 22 33 44',
    email: 'papier@example.org',
    place: 'Lens',
    signedOn: '2026-02-03',
    comment: 'Reçu par la poste',
    consentPublish: 'oui',
  });

  test('signed out: to /connexion; the commune is chosen first', async () => {
    const anonymous = await client().get('/espace/signatures/saisie');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/connexion\?suivant=/);
    const user = client();
    await user.login('benevole@example.org', PASSWORD);
    const search = await user.get('/espace/signatures/saisie?q=62498');
    assert.equal(search.status, 303);
    assert.equal(search.headers.get('location'), '/espace/signatures/saisie?commune=62498');
    const form = textOf(await (await user.get('/espace/signatures/saisie?commune=62498')).text());
    assert.match(form, /Commune : Lens/);
    assert.match(form, /Lens en commun/);
    assert.match(form, /Document signé numérisé \(obligatoire\)/);
  });

  test('bad input: French messages by each field, values kept, nothing stored', async () => {
    const user = client();
    await user.login('benevole@example.org', PASSWORD);
    const missing = await submit(user, { ...valid(), lastName: '', postcode: '59000', signedOn: '' });
    assert.equal(missing.status, 400);
    const html = await missing.text();
    const text = textOf(html);
    assert.match(text, /La signature n’a pas été enregistrée/);
    assert.match(text, /Joignez le document signé numérisé/);
    assert.match(text, /Indiquez votre nom/);
    assert.match(text, /Le code postal 59000 ne correspond pas à la commune de Lens/);
    assert.match(html, /value="Anne-Sophie"/, 'values kept');
    assert.match(html, /value="Parti &lt;b&gt;test&lt;\/b&gt;"/, 'escaped');

    const fake = await submit(user, valid(), {
      name: 'scan.pdf',
      bytes: Buffer.from('<html>pas un pdf</html>'),
      type: 'application/pdf',
    });
    assert.equal(fake.status, 400);
    assert.match(textOf(await fake.text()), /Ce fichier n’est ni un PDF, ni une image JPEG ou PNG/);

    // Just over 10 MB: refused by the content check; far over: refused while reading (413).
    for (const [size, status] of [
      [10 * 1024 * 1024 + 10, 400],
      [11 * 1024 * 1024, 413],
    ] as const) {
      const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size, 32)]);
      const tooBig = await submit(user, valid(), { name: 'gros.pdf', bytes: huge, type: 'application/pdf' });
      assert.equal(tooBig.status, status);
      assert.match(textOf(await tooBig.text()), /Le fichier dépasse 10 Mo/);
    }
    const stored = await listSignaturesForModeration(database().connection.db, { states: ['to_verify'] });
    assert.equal(stored.length, 0, 'nothing recorded');
  });

  test('a valid entry: channel paper, to verify, « saisie par » the volunteer, scan stored', async () => {
    const user = client();
    await user.login('benevole@example.org', PASSWORD);
    const done = await submit(user, valid(), { name: 'scan.png', bytes: PNG, type: 'image/png' });
    assert.equal(done.status, 303);
    const next = await user.get(done.headers.get('location') ?? '');
    assert.match(textOf(await next.text()), /Signature enregistrée, saisie par vous/);
    const [signature] = await listSignaturesForModeration(database().connection.db, { states: ['to_verify'] });
    const volunteer = await database()
      .connection.db.selectFrom('users')
      .select('id')
      .where('email', '=', 'benevole@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(signature?.channel, 'paper');
    assert.equal(signature?.listId, listId);
    assert.equal(signature?.enteredBy, volunteer.id);
    assert.equal(signature?.fields.phone, '06 11 22 33 44');
    assert.equal(signature?.document?.contentType, 'image/png');
    assert.deepEqual(await readDocument(documentsDir(config), signature?.document?.path ?? ''), PNG);
    const events = await eventsOf(database().connection.db, signature?.id ?? '');
    assert.equal(events[0]?.actor, volunteer.id);
    assert.equal(events[0]?.to, 'to_verify');

    // The same email for the same list again: one signature, said so.
    const again = await submit(user, valid(), { name: 'scan.png', bytes: PNG, type: 'image/png' });
    assert.match(textOf(await (await user.get(again.headers.get('location') ?? '')).text()), /déjà enregistrée/);
    assert.equal((await listSignaturesForModeration(database().connection.db, { states: ['to_verify'] })).length, 1);
    assert.deepEqual(errors, []);
  });
});
