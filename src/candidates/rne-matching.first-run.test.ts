import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { nowIso } from '../db/portability.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { communesFromDecoupage, writeSynthetic2026 } from './import/formats/generate-synthetic-2026.ts';
import { importFile } from './import/import.service.ts';
import { writeSyntheticRne } from './import/rne/generate-synthetic.ts';
import { matchMandates } from './rne-matching.service.ts';

// A first matching run (no link stored) is done by the database (rne-matching.first-run.ts); every
// later run pair by pair in JavaScript. Both must store exactly the same links.

forEachDatabase('RNE first matching run', (database) => {
  test('a first run in the database stores the same links as a run pair by pair (Corse-du-Sud and Paris sectors, birth dates and compound first names mixed in)', async () => {
    const { connection } = database();
    const db = connection.db;
    const dir = mkdtempSync(join(tmpdir(), 'pacte-rne-first-'));
    const reportDir = join(dir, 'reports');
    const communes = communesFromDecoupage().filter((c) => c.dept === '2A' || c.insee === '75056');
    const candidates = join(dir, 'candidats-2026.csv');
    await writeSynthetic2026(candidates, { communes });
    const rne = await writeSyntheticRne(dir, { communes, candidatesFile: candidates });
    await importFile(connection, rne.mairesPath, { reportDir });
    await importFile(connection, rne.conseillersPath, { reportDir });
    await importFile(connection, candidates, { reportDir });
    // What the synthetic files lack: birth dates on candidacies (the same as the mandate's, another
    // one), mandates without one, first names given in part on one side.
    await sql`update candidacies set birth_date = (
        select max(m.birth_date) from mandates m
        where m.name_key = candidacies.name_key and m.commune_code = substr(candidacies.ballot_id, 18, 5))
      where position % 3 = 0`.execute(db);
    await sql`update candidacies set birth_date = '1900-01-01' where position % 7 = 0`.execute(db);
    await sql`update candidacies set first_name = first_name || '-Marie' where position % 5 = 1`.execute(db);
    await sql`update mandates set birth_date = null where birth_date like '%5'`.execute(db);
    await sql`update mandates set first_name = first_name || ' Louise' where birth_date like '%-1_'`.execute(db);

    const links = async () =>
      (
        await db
          .selectFrom('mandate_matches')
          .select(['mandate_id', 'candidacy_id', 'person_id', 'confidence', 'method', 'status'])
          .execute()
      )
        .map((l) => [l.mandate_id, l.candidacy_id, l.person_id, Number(l.confidence), l.method, l.status].join('|'))
        .sort();
    const scope = { electionId: 'municipales-2026' };

    await db.deleteFrom('mandate_matches').execute();
    const first = await matchMandates(db, scope);
    const inDatabase = await links();

    // A stored link (a rejected one, whose candidacy is gone) makes the next run go pair by pair.
    await db.deleteFrom('mandate_matches').execute();
    const mandate = await db.selectFrom('mandates').select('id').limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto('mandate_matches')
      .values({
        mandate_id: mandate.id,
        candidacy_id: 'candidature-disparue',
        person_id: 'personne-disparue',
        confidence: 80,
        method: 'name+territory',
        status: 'rejected',
        decided_by: 'test',
        decided_at: nowIso(),
        created_at: nowIso(),
      })
      .execute();
    const pairByPair = await matchMandates(db, scope);

    assert.deepEqual(await links(), inDatabase);
    assert.deepEqual(
      [first.created, first.auto, first.ambiguous],
      [pairByPair.created, pairByPair.auto, pairByPair.ambiguous],
    );
    assert.equal(pairByPair.deleted, 1);
    assert.equal(first.created, inDatabase.length);
    // Every rule had something to decide.
    const confidences = new Set(inDatabase.map((l) => l.split('|')[3]));
    assert.deepEqual([...confidences].sort(), ['100', '60', '80', '90']);
    assert.ok(first.ambiguous > 0 && first.auto > 0, JSON.stringify(first));
    assert.ok(
      inDatabase.some((l) => l.includes('.75056SR')),
      'Paris sectors linked',
    );
  });
});
