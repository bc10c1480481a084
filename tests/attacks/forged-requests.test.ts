// Attacks on every route the application declares (read from the Hono router, so a new route is
// covered the day it is added): state-changing requests without the anti-CSRF token, and private
// pages asked for anonymously or by a volunteer.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createUser } from '../../src/accounts/users.service.ts';
import { testApp } from '../../src/testing/app.ts';
import { TestClient } from '../../src/testing/client.ts';
import { forEachDatabase } from '../../src/testing/databases.ts';

const PASSWORD = 'mot de passe solide';

/** A concrete URL for a route pattern: each `:param` (with an optional {regex}) becomes a value. */
function concrete(path: string): string {
  return path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, 'x1').replace(/\*$/, '');
}

forEachDatabase('forged requests on every route', (database) => {
  before(async () => {
    await createUser(database().connection.db, { email: 'admin@exemple.test', role: 'admin', password: PASSWORD });
    await createUser(database().connection.db, {
      email: 'benevole@exemple.test',
      role: 'volunteer',
      password: PASSWORD,
    });
  });

  test('every POST, PUT, PATCH and DELETE route refuses a request without the anti-CSRF token, even signed in', async () => {
    const { app } = testApp(database().connection);
    const admin = new TestClient(app);
    assert.equal((await admin.login('admin@exemple.test', PASSWORD)).status, 303);
    const routes = app.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    assert.ok(routes.length >= 20, `the router lists the state-changing routes (${routes.length})`);
    const accepted: string[] = [];
    for (const route of routes) {
      const path = concrete(route.path);
      for (const body of ['', '_csrf=forged']) {
        const response = await admin.request(path, {
          method: route.method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        if (response.status !== 403)
          accepted.push(`${route.method} ${path} (${body || 'no token'}) → ${response.status}`);
      }
    }
    assert.deepEqual(accepted, [], 'refused with 403');
  });

  test('private pages: anonymous visitors are sent to the login page, volunteers refused administration', async () => {
    const { app } = testApp(database().connection);
    const anonymous = new TestClient(app);
    const volunteer = new TestClient(app);
    assert.equal((await volunteer.login('benevole@exemple.test', PASSWORD)).status, 303);
    const gets = [...new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.path))];
    const adminOnly = gets.filter((p) => /^\/(admin|moderation)(\/|$)/.test(p));
    const workspace = gets.filter((p) => /^\/espace(\/|$)/.test(p));
    assert.ok(
      adminOnly.length >= 3 && workspace.length >= 3,
      `${adminOnly.length} admin, ${workspace.length} workspace`,
    );
    const leaks: string[] = [];
    for (const pattern of [...adminOnly, ...workspace]) {
      const path = concrete(pattern);
      const response = await anonymous.get(path);
      const location = response.headers.get('location') ?? '';
      if (!(response.status === 303 || response.status === 302) || !location.startsWith('/connexion')) {
        if (response.status !== 404) leaks.push(`anonymous GET ${path} → ${response.status} ${location}`);
      }
    }
    for (const pattern of adminOnly) {
      const path = concrete(pattern);
      const response = await volunteer.get(path);
      if (![403, 404].includes(response.status)) leaks.push(`volunteer GET ${path} → ${response.status}`);
    }
    assert.deepEqual(leaks, []);
  });
});
