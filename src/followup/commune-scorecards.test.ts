import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../testing/databases.ts';
import { scorecardsOfCommune } from './scorecards.service.ts';

forEachDatabase('scorecards of a commune page', (database) => {
  test('a municipal arrondissement links its own and its parent commune’s intercommunalities’ scorecards', async () => {
    const { db } = database().connection;
    const epcis = await db
      .selectFrom('intercommunality_members')
      .select('intercommunality_code')
      .where('insee', '=', '75056')
      .execute();
    assert.ok(epcis.length > 0, 'Paris belongs to an intercommunality in the test territories');
    const epci = epcis[0]?.intercommunality_code as string;
    const now = new Date().toISOString();
    const card = (slug: string, kind: string, code: string) => ({
      id: slug,
      slug,
      election_id: 'municipales-2026',
      collectivity_kind: kind,
      collectivity_code: code,
      collectivity_name: slug,
      ballot_id: 'b',
      document_id: 'd',
      document_version: 1,
      level: 2,
      status: 'active',
      items_total: 0,
      items_kept: 0,
      items_evaluated: 0,
      created_at: now,
      updated_at: now,
    });
    await db
      .insertInto('followup_scorecards')
      .values([
        card('paris', 'commune', '75056'),
        card('paris-15', 'commune', '75115'),
        card('metropole', 'epci', epci),
        card('lens', 'commune', '62498'),
      ])
      .execute();
    const slugs = async (insee: string) => (await scorecardsOfCommune(db, insee)).map((s) => s.slug).sort();
    assert.deepEqual(await slugs('75115'), ['metropole', 'paris-15']);
    assert.deepEqual(await slugs('75056'), ['metropole', 'paris']);
    assert.deepEqual(await slugs('62498'), ['lens']);
    assert.deepEqual(await slugs('99999'), []);
  });
});
