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
    assert.match(text, /short_name PREMIÈRE CORRECTION SECONDE CORRECTION/, 'before and after of the newest edit');
    assert.match(text, new RegExp(`short_name ${originalShortName} PREMIÈRE CORRECTION`), 'the older edit');
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
    assert.match(after, /short_name SECONDE CORRECTION PREMIÈRE CORRECTION/, 'the revert is in the history');
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
});
