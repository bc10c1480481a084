import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { testApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';

const PASSWORD = 'mot de passe solide';
const FIXTURE = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

forEachDatabase('history of a list and revert by a moderator', (database) => {
  let listId = '';
  let originalShortName = '';
  const db = () => database().connection.db;

  before(async () => {
    await importFile(database().connection, FIXTURE, { reportDir: mkdtempSync(join(tmpdir(), 'pacte-history-')) });
    const list = await db()
      .selectFrom('lists')
      .select(['id', 'short_name'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    listId = list.id;
    originalShortName = list.short_name;
    await createUser(db(), { email: 'moderatrice@exemple.test', role: 'moderator', password: PASSWORD });
    await createUser(db(), { email: 'benevole@exemple.test', role: 'volunteer', password: PASSWORD });
  });

  const signedIn = async (email: string) => {
    const client = new TestClient(testApp(database().connection).app);
    assert.equal((await client.login(email, PASSWORD)).status, 303);
    return client;
  };
  const shortName = async () =>
    (await db().selectFrom('lists').select('short_name').where('id', '=', listId).executeTakeFirstOrThrow()).short_name;

  test('each edit is in the history with who, when, before and after; the newest can be undone, itself logged', async () => {
    const moderator = await signedIn('moderatrice@exemple.test');
    const edit = (short_name: string) =>
      moderator.post(`/moderation/listes/${listId}`, { short_name, website: '' }, `/moderation/listes/${listId}`);
    assert.equal((await edit('PREMIÈRE CORRECTION')).status, 303);
    assert.equal((await edit('SECONDE CORRECTION')).status, 303);

    const page = await moderator.get(`/moderation/listes/${listId}/historique`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const text = textOf(html);
    assert.match(text, /Correction par un modérateur .* Par moderatrice@exemple\.test/);
    assert.match(text, /Nom court PREMIÈRE CORRECTION SECONDE CORRECTION/, 'before and after of the newest edit');
    assert.match(text, new RegExp(`Nom court ${originalShortName} PREMIÈRE CORRECTION`), 'the older edit');
    const forms = [...html.matchAll(/action="\/moderation\/historique\/([^/"]+)\/annuler"/g)].map(
      (m) => m[1] as string,
    );
    assert.equal(forms.length, 1, 'only the newest change of a field can be undone');

    const audits = await db()
      .selectFrom('audit_log')
      .select(['id', 'after'])
      .where('entity_type', '=', 'list')
      .where('entity_id', '=', listId)
      .where('action', '=', 'moderate')
      .orderBy('at')
      .execute();
    const older = audits.find((a) => a.after?.includes('PREMIÈRE'))?.id as string;
    const refused = await moderator.post(
      `/moderation/historique/${older}/annuler`,
      {},
      `/moderation/listes/${listId}/historique`,
    );
    assert.equal(refused.status, 409);
    assert.match(textOf(await refused.text()), /ne peut pas être annulée : un champ a été modifié depuis/);
    assert.equal(await shortName(), 'SECONDE CORRECTION', 'nothing changed');

    const undone = await moderator.post(
      `/moderation/historique/${forms[0]}/annuler`,
      {},
      `/moderation/listes/${listId}/historique`,
    );
    assert.equal(undone.status, 303);
    assert.equal(await shortName(), 'PREMIÈRE CORRECTION');
    const after = textOf(await (await moderator.get(undone.headers.get('location') as string)).text());
    assert.match(after, /Modification annulée/);
    assert.match(after, /Nom court SECONDE CORRECTION PREMIÈRE CORRECTION/, 'the revert is in the history');
  });

  test('volunteers and visitors cannot see the history nor undo', async () => {
    const volunteer = await signedIn('benevole@exemple.test');
    assert.equal((await volunteer.get(`/moderation/listes/${listId}/historique`)).status, 403);
    const anyAudit = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', '=', listId)
      .executeTakeFirstOrThrow();
    const token = await volunteer.csrfToken('/');
    assert.equal((await volunteer.post(`/moderation/historique/${anyAudit.id}/annuler`, { _csrf: token })).status, 403);
    const anonymous = new TestClient(testApp(database().connection).app);
    assert.equal((await anonymous.get(`/moderation/listes/${listId}/historique`)).status, 303);
  });

  test('a mistaken merge of two persons is undone from the merged person’s history, itself logged', async () => {
    const keep = await db()
      .selectFrom('candidacies')
      .select(['person_id'])
      .where('list_id', '=', listId)
      .where('position', '=', 1)
      .executeTakeFirstOrThrow();
    const moved = await db()
      .selectFrom('candidacies')
      .select(['id', 'person_id'])
      .where('list_id', '=', listId)
      .where('position', '=', 3)
      .executeTakeFirstOrThrow();
    const mergeId = moved.person_id;
    await db().updateTable('people').set({ birth_date: null }).where('id', '=', mergeId).execute();
    const moderator = await signedIn('moderatrice@exemple.test');
    const merged = await moderator.post(
      '/moderation/doublons/fusion',
      { garder: keep.person_id, fusionner: mergeId },
      '/moderation/doublons',
    );
    assert.equal(merged.status, 303);
    const personOf = async (id: string) =>
      (await db().selectFrom('candidacies').select('person_id').where('id', '=', id).executeTakeFirstOrThrow())
        .person_id;
    assert.equal(await personOf(moved.id), keep.person_id);

    const page = `/moderation/personnes/${mergeId}/historique`;
    const html = await (await moderator.get(page)).text();
    assert.match(textOf(html), /Fusion de doublons .* Par moderatrice@exemple\.test/);
    const forms = [...html.matchAll(/action="\/moderation\/historique\/([^/"]+)\/annuler"/g)].map(
      (m) => m[1] as string,
    );
    assert.equal(forms.length, 1, 'the merge can be undone');
    const undone = await moderator.post(`/moderation/historique/${forms[0]}/annuler`, {}, page);
    assert.equal(undone.status, 303);
    assert.equal(undone.headers.get('location'), `${page}?annule=1`);
    assert.equal(await personOf(moved.id), mergeId, 'the candidacy is back');
    const person = await db()
      .selectFrom('people')
      .select('merged_into')
      .where('id', '=', mergeId)
      .executeTakeFirstOrThrow();
    assert.equal(person.merged_into, null);
    const after = await (await moderator.get(undone.headers.get('location') as string)).text();
    assert.match(
      textOf(after),
      /Modification annulée .*Fusion annulée par un modérateur .* Par moderatrice@exemple\.test/,
    );
    assert.equal([...after.matchAll(/\/annuler"/g)].length, 0, 'nothing left to undo');
    const again = await moderator.post(`/moderation/historique/${forms[0]}/annuler`, {}, page);
    assert.equal(again.status, 409);
    assert.equal(await personOf(moved.id), mergeId);
  });
});
