// Two instances of the application on one database (the PostgreSQL scale-out deployment of
// docs/deployment.md; also two processes on one SQLite file): everything a visitor's next request
// needs is in the database, so any instance can answer it.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createUser, LOGIN_LIMIT } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import { type Connection, connect } from '../db/connection.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from './app.tsx';

const PASSWORD = 'correct horse battery';

forEachDatabase('two instances on one database', (database) => {
  let second: Connection;
  let instances: ReturnType<typeof createApp>[] = [];
  const errors: unknown[] = [];

  before(async () => {
    second = connect(database().url);
    // Like `pacte serve` without SESSION_SECRET: each instance reads the secret generated in the database.
    instances = [];
    for (const connection of [database().connection, second]) {
      const config = loadConfig({ DATABASE_URL: database().url, BASE_URL: 'http://pacte.test' });
      config.sessionSecret = await ensureSessionSecret(connection.db);
      instances.push(createApp({ connection, config, logError: (e) => errors.push(e) }));
    }
    await createUser(database().connection.db, {
      email: 'moderatrice@example.org',
      role: 'moderator',
      password: PASSWORD,
    });
  });
  // Before the test database is dropped (its own `after` runs first and would cut this pool's connections).
  const closeSecond = async () => {
    await second?.close();
    assert.deepEqual(errors, []);
  };

  /** A browser whose requests go to instance A or B in turn, as behind a round-robin proxy. */
  function balancedClient() {
    let next = 0;
    const clients = instances.map((app) => new TestClient(app));
    const sharedCookies = new Map<string, string>();
    for (const client of clients) Object.assign(client, { cookies: sharedCookies });
    return {
      pick: () => clients[next++ % clients.length] as TestClient,
      on: (index: number) => clients[index] as TestClient,
    };
  }

  test('a session opened on one instance is valid on the other, and a logout on one ends it on both', async () => {
    const browser = balancedClient();
    assert.equal((await browser.on(0).login('moderatrice@example.org', PASSWORD)).status, 303);
    assert.equal((await browser.on(1).get('/moderation')).status, 200, 'signed in on B');
    // The anti-CSRF token of a form served by A is accepted by B.
    const token = await browser.on(0).csrfToken('/moderation');
    assert.equal((await browser.on(1).post('/deconnexion', { _csrf: token })).status, 303);
    assert.equal((await browser.on(0).get('/moderation')).status, 303, 'signed out on A too');
  });

  test(`the login limit counts failures on every instance (${LOGIN_LIMIT} in 15 minutes)`, async () => {
    await createUser(database().connection.db, { email: 'cible@example.org', role: 'volunteer', password: PASSWORD });
    const browser = balancedClient();
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      assert.equal((await browser.pick().login('cible@example.org', `essai ${i}`)).status, 401);
    }
    assert.equal((await browser.on(0).login('cible@example.org', PASSWORD)).status, 429);
    assert.equal((await browser.on(1).login('cible@example.org', PASSWORD)).status, 429);
  });

  test('a change written through one instance is on the other’s next page (no stale cached page)', async () => {
    const [a] = instances as [ReturnType<typeof createApp>];
    assert.match(await (await a.request('/communes/62193')).text(), /<h1>Calais<\/h1>/);
    await second.db.updateTable('communes').set({ name: 'Calais-Test' }).where('insee', '=', '62193').execute();
    await second.dataVersion.settled();
    assert.match(await (await a.request('/communes/62193')).text(), /<h1>Calais-Test<\/h1>/);
    await second.db.updateTable('communes').set({ name: 'Calais' }).where('insee', '=', '62193').execute();
    await closeSecond();
  });
});
