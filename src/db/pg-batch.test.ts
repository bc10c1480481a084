import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { forEachDatabase } from '../testing/databases.ts';
import { jsonArrayFrom } from './portability.ts';
import { reusableQuery } from './reusable-query.ts';

// Text, integers, nulls, floating-point numbers, json columns, an order and a limit: the kinds of
// columns the reusable queries return.
const communesOf = reusableQuery((db, departement: string) =>
  db
    .selectFrom('communes as c')
    .select((eb) => [
      'c.insee',
      'c.name',
      'c.parent_insee',
      'c.population',
      sql<number>`cast(c.population as double precision) / 7`.as('seventh'),
      jsonArrayFrom(db, eb.selectFrom('postcodes as p').select('p.postcode').whereRef('p.insee', '=', 'c.insee')).as(
        'postcodes',
      ),
    ])
    .where('c.departement_code', '=', departement)
    .orderBy('c.insee')
    .limit(50),
);
const countOf = reusableQuery((db, departement: string) =>
  db
    .selectFrom('communes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('departement_code', '=', departement),
);
const nothing = reusableQuery((db, insee: string) =>
  db.selectFrom('communes').select('insee').where('insee', '=', insee),
);
const communesAlone = reusableQuery(
  (db, departement: string) =>
    db.selectFrom('communes').select(['insee', 'name']).where('departement_code', '=', departement).orderBy('insee'),
  { alone: true },
);
const missing = reusableQuery((db, value: string) =>
  db.selectNoFrom(sql<number>`(select x from no_such_table where x = ${value})`.as('x')),
);

forEachDatabase('reusable queries asked for together', (database) => {
  test('give the rows each gives alone, through Kysely', async () => {
    const { db } = database().connection;
    const together = await Promise.all([
      communesOf(db, '62'),
      countOf(db, '62'),
      nothing(db, 'nowhere'),
      communesOf(db, '75'),
    ]);
    const [alone, batched] = await Promise.all([communesAlone(db, '62'), countOf(db, '75')]);
    assert.equal(alone.length, together[1][0]?.n);
    assert.deepEqual(batched, await countOf(db, '75'));
    // One at a time: each alone in its statement.
    assert.ok(together[0].length > 0 && together[3].length > 0);
    assert.deepEqual(together[0], await communesOf(db, '62'));
    assert.deepEqual(together[1], await countOf(db, '62'));
    assert.deepEqual(together[3], await communesOf(db, '75'));
    assert.deepEqual(together[2], []);
    assert.equal(typeof together[1][0]?.n, 'number');
    // Through Kysely's executor (a transaction's instance has no direct reader).
    // (SQLite: Kysely's rows have no prototype, the direct reader's are plain objects unless its SQL has a `*`.)
    const plain = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r }));
    await db.transaction().execute(async (trx) => {
      assert.deepEqual(plain(await communesOf(trx, '62')), together[0]);
      assert.deepEqual(plain(await communesOf(trx, '75')), together[3]);
      assert.deepEqual(await countOf(trx, '62'), together[1]);
    });
  });

  test('one query’s error is its own: the others asked with it get their rows', async () => {
    const { db } = database().connection;
    const [failed, counted, none] = await Promise.allSettled([
      missing(db, 'x'),
      countOf(db, '62'),
      nothing(db, 'nowhere'),
    ]);
    assert.equal(failed.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /no_such_table/);
    assert.deepEqual(counted, { status: 'fulfilled', value: await countOf(db, '62') });
    assert.deepEqual(none, { status: 'fulfilled', value: [] });
  });
});

const everyColumn = reusableQuery((db, insee: string) =>
  db.selectFrom('communes').selectAll().where('insee', '=', insee),
);

forEachDatabase('a reusable `select *` after a migration', (database) => {
  test('answers with the new column (PostgreSQL: the prepared statement’s result changed)', async () => {
    const { db } = database().connection;
    const [before] = await everyColumn(db, '62498');
    assert.equal(before?.name, 'Lens');
    await sql`alter table communes add column extra_test text`.execute(db);
    for (let i = 0; i < 3; i++) {
      const [after] = await everyColumn(db, '62498');
      assert.equal(after?.name, 'Lens');
      assert.ok(after && 'extra_test' in after);
    }
  });
});
