import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../testing/databases.ts';
import { largeReadPageSize, selectArrays } from './array-rows.ts';

forEachDatabase('selectArrays', (database, dialect) => {
  const query = (db: ReturnType<typeof database>['connection']['db']) =>
    db
      .selectFrom('departements as d')
      .innerJoin('regions as r', 'r.code', 'd.region_code')
      .select(['d.name', 'd.code', 'r.name as region'])
      .where('d.code', 'in', ['62', '2A', '971'])
      .orderBy('d.code');

  test('rows as arrays of the selected columns, in select order, same values as Kysely', async () => {
    const { db } = database().connection;
    const arrays = await selectArrays(db, query(db));
    assert.deepEqual(arrays, [
      ['Corse-du-Sud', '2A', 'Corse'],
      ['Pas-de-Calais', '62', 'Hauts-de-France'],
      ['Guadeloupe', '971', 'Guadeloupe'],
    ]);
    const objects = await query(db).execute();
    assert.deepEqual(
      arrays,
      objects.map((o) => [o.name, o.code, o.region]),
    );
  });

  test('inside a transaction (another Kysely instance) it reads through Kysely, seeing its writes', async () => {
    const { db } = database().connection;
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('departements').set({ name: 'Pas-de-Calais (essai)' }).where('code', '=', '62').execute();
        const arrays = await selectArrays(trx, query(trx));
        assert.deepEqual(arrays[1], ['Pas-de-Calais (essai)', '62', 'Hauts-de-France']);
        throw new Error('rollback');
      })
      .catch((error: Error) => assert.equal(error.message, 'rollback'));
    assert.deepEqual((await selectArrays(db, query(db)))[1], ['Pas-de-Calais', '62', 'Hauts-de-France']);
  });

  test('large reads page by 2,000 rows on SQLite (synchronous reads), 5,000 on PostgreSQL', () => {
    assert.equal(largeReadPageSize(database().connection.db), dialect === 'sqlite' ? 2000 : 5000);
  });
});
