import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../testing/databases.ts';
import { searchCommunes } from './territories.service.ts';

forEachDatabase('commune search', (database) => {
  const names = async (q: string) => {
    const outcome = await searchCommunes(database().connection.db, q);
    return outcome.results.map((r) => r.name);
  };

  test('"saint etienne" and "st-etienne" find Saint-Étienne first', async () => {
    assert.equal((await names('saint etienne'))[0], 'Saint-Étienne');
    assert.equal((await names('st-etienne'))[0], 'Saint-Étienne');
  });

  test('"lievin" finds Liévin, postcode 62300 finds Lens', async () => {
    assert.equal((await names('lievin'))[0], 'Liévin');
    assert.equal((await names('62300'))[0], 'Lens');
  });
});
