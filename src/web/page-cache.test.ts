import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import pg from 'pg';
import { connect, sqlitePath } from '../db/connection.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';

/** Renames a commune behind the application's back (no Kysely, so no data version change). */
async function renameUnnoticed(url: string, insee: string, name: string) {
  if (url.startsWith('sqlite:')) {
    const raw = new DatabaseSync(sqlitePath(url));
    raw.prepare('UPDATE communes SET name = ? WHERE insee = ?').run(name, insee);
    raw.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('UPDATE communes SET name = $1 WHERE insee = $2', [name, insee]);
  await client.end();
}

const title = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';

forEachDatabase('rendered commune pages kept until the data changes', (database) => {
  test('a commune page is rendered once per data version', async () => {
    const { app } = testApp(database().connection);
    assert.match(title(await (await app.request('/communes/62498')).text()), /Lens/);
    await renameUnnoticed(database().url, '62498', 'Lens-Inchangé');
    assert.match(title(await (await app.request('/communes/62498')).text()), /^Lens/, 'served from the cache');
    assert.doesNotMatch(title(await (await app.request('/communes/62498')).text()), /Inchangé/);
    // A write through the application counts as a change, whatever the table.
    await database().connection.db.updateTable('communes').set({ name: 'Lens' }).where('insee', '=', '62498').execute();
    await database().connection.dataVersion.settled();
    await renameUnnoticed(database().url, '62498', 'Lens-Renommée');
    assert.match(title(await (await app.request('/communes/62498')).text()), /Lens-Renommée/);
    await renameUnnoticed(database().url, '62498', 'Lens');
  });

  test('a write by another process (a command-line import) is seen on the next request', async () => {
    const { app } = testApp(database().connection);
    assert.doesNotMatch(title(await (await app.request('/communes/62193')).text()), /Nouveau/);
    const other = connect(database().url);
    try {
      await other.db.updateTable('communes').set({ name: 'Nouveau-Nom' }).where('insee', '=', '62193').execute();
    } finally {
      await other.close();
    }
    assert.match(title(await (await app.request('/communes/62193')).text()), /Nouveau-Nom/);
  });

  test('pages in another language, 404s and redirects are not mixed up', async () => {
    const { app } = testApp(database().connection);
    const french = await (await app.request('/communes/62498')).text();
    const english = await (await app.request('/communes/62498', { headers: { cookie: 'lang=en' } })).text();
    assert.match(french, /<html lang="fr"/);
    assert.match(english, /<html lang="en"/);
    assert.equal((await app.request('/communes/99999')).status, 404);
    assert.equal((await app.request('/communes/99999')).status, 404);
    assert.equal((await app.request('/communes/2a004')).status, 301);
  });
});
