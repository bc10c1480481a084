import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCommune } from '../territories/territories.service.ts';
import { forEachDatabase } from '../testing/databases.ts';

forEachDatabase('reusable queries', (database) => {
  test('a page read never sees another request’s transaction before it commits', async () => {
    const { db } = database().connection;
    let settled = false;
    let pending: Promise<string | undefined> | undefined;
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('communes').set({ name: 'Lens (en cours)' }).where('insee', '=', '62498').execute();
        // SQLite has one connection: the read waits for the transaction (it is not run directly on it).
        pending = getCommune(db, '62498').then((c) => {
          settled = true;
          return c?.name;
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (database().url.startsWith('sqlite:')) assert.equal(settled, false);
        throw new Error('rollback');
      })
      .catch((error: Error) => assert.equal(error.message, 'rollback'));
    assert.equal(await pending, 'Lens');
    assert.equal((await getCommune(db, '62498'))?.name, 'Lens', 'read directly once no transaction is open');
  });

  test('inside a transaction, a reusable query runs on the transaction and sees its writes', async () => {
    const { db } = database().connection;
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('communes').set({ name: 'Lens (en cours)' }).where('insee', '=', '62498').execute();
        assert.equal((await getCommune(trx, '62498'))?.name, 'Lens (en cours)');
        throw new Error('rollback');
      })
      .catch((error: Error) => assert.equal(error.message, 'rollback'));
    // Run again and again on the pool (PostgreSQL: a named prepared statement on each connection).
    const names = await Promise.all(Array.from({ length: 30 }, () => getCommune(db, '62498').then((c) => c?.name)));
    assert.deepEqual(new Set(names), new Set(['Lens']));
  });
});
