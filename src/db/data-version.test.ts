import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../testing/databases.ts';
import { connect } from './connection.ts';
import { perDataVersion } from './data-version.ts';

forEachDatabase('data version', (database) => {
  test('a value kept per data version is recomputed after a write, by this process or another', async () => {
    const { db, dataVersion } = database().connection;
    let computed = 0;
    const names = perDataVersion(async (d) => {
      computed++;
      return (await d.selectFrom('elections').select('name').where('id', '=', 'municipales-2026').execute())[0]?.name;
    });
    const original = await names(db);
    assert.equal(await names(db), original);
    assert.equal(computed, 1, 'read once while nothing changes');
    await db
      .updateTable('elections')
      .set({ name: 'Municipales (essai)' })
      .where('id', '=', 'municipales-2026')
      .execute();
    assert.equal(await names(db), 'Municipales (essai)', 'a write of this process is seen at once');
    await dataVersion.settled();
    const other = connect(database().url);
    try {
      await other.db.updateTable('elections').set({ name: original }).where('id', '=', 'municipales-2026').execute();
    } finally {
      await other.close();
    }
    assert.equal(await names(db), original, "another process's write is seen on the next read");
    assert.equal(computed, 3);
  });

  test('within a request the stored version is read once; this process’s writes still count at once', async () => {
    const { db, dataVersion } = database().connection;
    await dataVersion.withinRequest(async () => {
      const first = await dataVersion.current();
      const other = connect(database().url);
      try {
        await other.db.updateTable('elections').set({ year: 2026 }).where('id', '=', 'municipales-2026').execute();
      } finally {
        await other.close();
      }
      const second = await dataVersion.current();
      assert.equal(second, first, 'read once per request');
      await db.updateTable('elections').set({ year: 2026 }).where('id', '=', 'municipales-2026').execute();
      assert.notEqual(await dataVersion.current(), second);
    });
    const before = await dataVersion.withinRequest(() => dataVersion.current());
    const other = connect(database().url);
    try {
      await other.db.updateTable('elections').set({ year: 2026 }).where('id', '=', 'municipales-2026').execute();
    } finally {
      await other.close();
    }
    assert.notEqual(await dataVersion.withinRequest(() => dataVersion.current()), before, 'seen by the next request');
  });
});
