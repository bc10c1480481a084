// The history of a signature for moderators (/moderation/signatures/:id/historique): every change of
// state and every audited correction, with who, when, before and after; the undo of a mistaken
// decision or correction, itself recorded; nothing for those who may not moderate.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { createSignature, getSignature } from '../pledges/signatures.service.ts';
import { deleteSignature } from '../privacy/privacy.service.ts';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';

const PASSWORD = 'mot de passe solide';
const FIXTURE = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');
const revertForms = (html: string) =>
  [...html.matchAll(/action="\/moderation\/signatures\/[^/"]+\/historique\/([^/"]+)\/annuler"/g)].map(
    (m) => m[1] as string,
  );

forEachDatabase('history of a signature and revert by a moderator', (database) => {
  let dir = '';
  let listId = '';
  const db = () => database().connection.db;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-signature-history-'));
    await importFile(database().connection, FIXTURE, { reportDir: dir });
    listId = (
      await db()
        .selectFrom('lists')
        .select('id')
        .where('ballot_id', '=', 'municipales-2026.62498')
        .where('panel', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;
    await createUser(db(), { email: 'moderatrice@exemple.test', role: 'moderator', password: PASSWORD });
    await createUser(db(), { email: 'benevole@exemple.test', role: 'volunteer', password: PASSWORD });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const signedIn = async (email: string) => {
    const client = new TestClient(testApp(database().connection).app);
    assert.equal((await client.login(email, PASSWORD)).status, 303);
    return client;
  };
  const newSignature = async (email: string) =>
    (
      await createSignature(db(), {
        electionId: 'municipales-2026',
        variant: 'list',
        channel: 'paper',
        communeInsee: '62498',
        listId,
        fields: {
          listName: '',
          listPosition: '1',
          parties: 'Les Écologistes',
          website: '',
          communeName: 'Lens',
          postcode: '62300',
          lastName: 'LEFEBRE',
          firstName: 'Anne',
          phone: '0601020304',
          email,
          place: 'Lens',
          signedOn: '2026-02-01',
        },
        consentPublish: true,
        consentContact: false,
      })
    ).signature.id;
  const correction = (overrides: Record<string, string>) => ({
    last_name: 'LEFEBRE',
    first_name: 'Anne',
    list_name: '',
    list_position: '1',
    parties: 'Les Écologistes',
    website: '',
    ...overrides,
  });

  test('a correction: bad input re-displayed per field; then in the history with before and after; undone, itself recorded', async () => {
    const id = await newSignature('anne@exemple.test');
    const moderator = await signedIn('moderatrice@exemple.test');
    const page = `/moderation/signatures/${id}`;

    const bad = await moderator.post(
      `${page}/corriger`,
      correction({ last_name: ' ', parties: 'P'.repeat(301) }),
      page,
    );
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(textOf(badHtml), /Nom : ne peut pas être vide\..*Parti\(s\) : 300 caractères au plus\./);
    assert.match(badHtml, /<input id="parties" name="parties" type="text" value="P{301}"/, 'the value typed is kept');
    assert.equal((await getSignature(db(), id))?.fields.lastName, 'LEFEBRE', 'nothing saved');

    const ok = await moderator.post(
      `${page}/corriger`,
      correction({ last_name: 'LEFÈBVRE', list_position: '2' }),
      page,
    );
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `${page}?fait=corrigee`);
    assert.equal((await getSignature(db(), id))?.fields.lastName, 'LEFÈBVRE');

    const history = await moderator.get(`${page}/historique`);
    assert.equal(history.status, 200);
    const html = await history.text();
    const text = textOf(html);
    assert.match(text, /Correction par un modérateur .* Par moderatrice@exemple\.test/);
    assert.match(text, /Nom LEFEBRE LEFÈBVRE/);
    assert.match(text, /Position sur la liste 1 2/);
    assert.match(text, /Signature reçue .* Motif : Signature reçue \(papier ou scan\)/);
    const forms = revertForms(html);
    assert.equal(forms.length, 1, 'the correction can be undone; the reception cannot');

    const undone = await moderator.post(`${page}/historique/${forms[0]}/annuler`, {}, `${page}/historique`);
    assert.equal(undone.status, 303);
    const restored = await getSignature(db(), id);
    assert.equal(restored?.fields.lastName, 'LEFEBRE');
    assert.equal(restored?.fields.listPosition, '1');
    const afterText = textOf(await (await moderator.get(undone.headers.get('location') as string)).text());
    assert.match(afterText, /Modification annulée/);
    assert.match(afterText, /Nom LEFÈBVRE LEFEBRE/, 'the undo is in the history');
    const audits = await db()
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('entity_type', '=', 'signature')
      .where('entity_id', '=', id)
      .execute();
    assert.equal(audits.length, 2, 'the correction and its undo');
  });

  test('a mistaken refusal of a published signature is undone: published again, on the public page, recorded', async () => {
    const id = await newSignature('bernard@exemple.test');
    const moderator = await signedIn('moderatrice@exemple.test');
    const page = `/moderation/signatures/${id}`;
    assert.equal((await moderator.post(`${page}/publier`, { rattachement: 'actuel' }, page)).status, 303);
    assert.equal((await moderator.post(`${page}/refuser`, { raison: 'Erreur de clic' }, page)).status, 303);
    assert.equal((await getSignature(db(), id))?.state, 'rejected');
    const { app } = testApp(database().connection);
    assert.equal((await app.request(`/signataires/${id}`)).status, 404);

    const html = await (await moderator.get(`${page}/historique`)).text();
    const text = textOf(html);
    assert.match(
      text,
      /Refusée .* Par moderatrice@exemple\.test Motif : Erreur de clic Champs modifiés .*état publiée refusée/,
    );
    assert.match(text, /Vérifiée et publiée .* état à vérifier publiée/);
    const forms = revertForms(html);
    assert.equal(forms.length, 1, 'only the newest decision can be undone');

    const undone = await moderator.post(`${page}/historique/${forms[0]}/annuler`, {}, `${page}/historique`);
    assert.equal(undone.status, 303);
    const signature = await getSignature(db(), id);
    assert.equal(signature?.state, 'published');
    assert.ok(signature?.publishedAt);
    assert.equal((await app.request(`/signataires/${id}`)).status, 200, 'public again');
    const afterHtml = await (await moderator.get(`${page}/historique`)).text();
    assert.match(
      textOf(afterHtml),
      /Décision annulée par un modérateur .* Par moderatrice@exemple\.test Motif : Décision annulée \(refusée → publiée\) Champs modifiés .*état refusée publiée/,
    );
    // The undo is the newest change of the state: neither it nor the older publication offers an undo
    // (taking the refusal again is the refusal form's job, with a reason for the signatory).
    assert.deepEqual(revertForms(afterHtml), []);
  });

  test('a signature deleted by its owner keeps its audited deletion; volunteers and visitors see nothing', async () => {
    const id = await newSignature('claire@exemple.test');
    await deleteSignature(db(), 'claire@exemple.test', id, dir);
    const moderator = await signedIn('moderatrice@exemple.test');
    const deleted = await moderator.get(`/moderation/signatures/${id}/historique`);
    assert.equal(deleted.status, 200);
    const html = await deleted.text();
    assert.match(textOf(html), /Supprimée par le signataire \(\/mes-donnees\)/);
    assert.deepEqual(revertForms(html), []);
    assert.equal((await moderator.get('/moderation/signatures/inconnue/historique')).status, 404);

    const other = await newSignature('denis@exemple.test');
    const volunteer = await signedIn('benevole@exemple.test');
    assert.equal((await volunteer.get(`/moderation/signatures/${other}/historique`)).status, 403);
    const token = await volunteer.csrfToken('/');
    assert.equal(
      (await volunteer.post(`/moderation/signatures/${other}/corriger`, { _csrf: token, last_name: 'X' })).status,
      403,
    );
    const anonymous = new TestClient(testApp(database().connection).app);
    assert.equal((await anonymous.get(`/moderation/signatures/${other}/historique`)).status, 303);
    assert.equal((await getSignature(db(), other))?.fields.lastName, 'LEFEBRE');
  });
});
