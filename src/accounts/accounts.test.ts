import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';
import { can, PERMISSIONS, safeNext } from './permissions.ts';
import { ROLES } from './roles.ts';
import { sessionIdOf } from './sessions.service.ts';
import { createUser, LOGIN_LIMIT } from './users.service.ts';

const PASSWORD = 'correct horse battery';

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

test('permission table: actions are granted by role', () => {
  assert.equal(can('admin', 'import:run'), true);
  assert.equal(can('moderator', 'import:run'), false);
  assert.equal(can('moderator', 'candidates:moderate'), true);
  assert.equal(can('admin', 'candidates:moderate'), true);
  assert.equal(can('coordinator', 'candidates:moderate'), false);
  assert.equal(can('volunteer', 'moderation:access'), false);
  assert.equal(can(undefined, 'admin:access'), false);
  for (const roles of Object.values(PERMISSIONS)) for (const role of roles) assert.ok(ROLES.includes(role));
  assert.equal(safeNext('/admin/imports?x=1'), '/admin/imports?x=1');
  assert.equal(safeNext('//evil.example/'), undefined);
  assert.equal(safeNext('https://evil.example/'), undefined);
  assert.equal(safeNext('/\\evil.example'), undefined);
});

forEachDatabase('accounts: login, sessions, logout, CSRF, rate limit', (database) => {
  const db = () => database().connection.db;
  const errors: unknown[] = [];
  const makeApp = (baseUrl = 'http://pacte.test') =>
    createApp({
      connection: database().connection,
      config: loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: baseUrl }),
      logError: (e) => errors.push(e),
    });
  const client = () => new TestClient(makeApp());

  test('set up accounts', async () => {
    await createUser(db(), { email: 'Admin@Example.org ', role: 'admin', password: PASSWORD });
    await createUser(db(), { email: 'benevole@example.org', role: 'volunteer', password: PASSWORD });
    const stored = await db().selectFrom('users').selectAll().where('role', '=', 'admin').executeTakeFirstOrThrow();
    assert.equal(stored.email, 'admin@example.org', 'email stored trimmed and in lower case');
    assert.match(stored.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test('public pages set no cookie; the login form sets the anti-CSRF cookie only', async () => {
    const c = client();
    const home = await c.get('/');
    assert.deepEqual(home.headers.getSetCookie(), []);
    const page = await c.get('/connexion');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>Connexion<\/h1>/);
    assert.match(html, /<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"\/>/);
    assert.match(html, /<label for="email">Adresse électronique<\/label>/);
    assert.match(html, /autocomplete="current-password"/);
    const [cookie] = page.headers.getSetCookie();
    assert.match(cookie ?? '', /^pacte_csrf=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test('wrong password: French message, email kept, password not sent back, nothing signed in', async () => {
    const c = client();
    const response = await c.login('admin@example.org', 'wrong password');
    assert.equal(response.status, 401);
    const html = await response.text();
    assert.match(textOf(html), /Adresse électronique ou mot de passe incorrect\./);
    assert.match(
      html,
      /id="email" name="email" type="email" autocomplete="username" required="" value="admin@example.org"/,
    );
    assert.doesNotMatch(html, /wrong password/);
    assert.equal(c.cookies.has('pacte_session'), false);
    const unknown = await c.login('personne@example.org', PASSWORD);
    assert.equal(unknown.status, 401, 'an unknown email gets the same answer');
    assert.match(textOf(await unknown.text()), /Adresse électronique ou mot de passe incorrect\./);
  });

  test('empty fields: an error next to each field, in French', async () => {
    const c = client();
    const response = await c.post('/connexion', { email: '  ', password: '' }, '/connexion');
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<p id="email-erreur" class="field-error">Saisissez votre adresse électronique\.<\/p>/);
    assert.match(html, /<p id="password-erreur" class="field-error">Saisissez votre mot de passe\.<\/p>/);
    assert.match(html, /aria-invalid="true" aria-describedby="email-erreur"/);
  });

  test('success: a session in the database (token hashed), an HttpOnly SameSite=Lax cookie, redirect', async () => {
    const c = client();
    const before = Date.now();
    const response = await c.login('ADMIN@example.org', PASSWORD);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/admin');
    const cookie = response.headers.getSetCookie().find((h) => h.startsWith('pacte_session='));
    assert.match(cookie ?? '', /^pacte_session=[a-z2-7]{32}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    const token = c.cookies.get('pacte_session') ?? '';
    const session = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionIdOf(token))
      .executeTakeFirst();
    assert.ok(session, 'the session is stored under the hash of the token');
    assert.notEqual(session.id, token);
    assert.equal((await db().selectFrom('sessions').select('id').where('id', '=', token).execute()).length, 0);
    const days = (Date.parse(session.expires_at) - before) / 86_400_000;
    assert.ok(days > 29.9 && days < 30.1, `30 days (${days})`);
    const admin = await c.get('/moderation');
    assert.equal(admin.status, 200);
    const html = await admin.text();
    assert.match(html, /<h1>Modération des données des candidats<\/h1>/);
    assert.match(html, /Se déconnecter <span class="visually-hidden">\(admin@example\.org\)<\/span>/);
  });

  test('the cookie is Secure when BASE_URL is https', async () => {
    const c = new TestClient(makeApp('https://pacte.example.org'));
    const response = await c.post('/connexion', { email: 'admin@example.org', password: PASSWORD }, '/connexion');
    assert.equal(response.status, 303);
    const cookie = response.headers.getSetCookie().find((h) => h.startsWith('pacte_session='));
    assert.match(cookie ?? '', /; Secure/);
  });

  test('after signing in, the page asked for (local only) is shown', async () => {
    const c = client();
    const redirect = await c.get('/moderation/listes?commune=62498');
    assert.equal(redirect.status, 303);
    assert.equal(redirect.headers.get('location'), '/connexion?suivant=%2Fmoderation%2Flistes%3Fcommune%3D62498');
    const form = await (await c.get('/connexion?suivant=%2Fmoderation%2Flistes%3Fcommune%3D62498')).text();
    assert.match(form, /<input type="hidden" name="suivant" value="\/moderation\/listes\?commune=62498"\/>/);
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const ok = await c.post('/connexion', {
      _csrf: token,
      email: 'admin@example.org',
      password: PASSWORD,
      suivant: '/moderation/listes?commune=62498',
    });
    assert.equal(ok.headers.get('location'), '/moderation/listes?commune=62498');
    const other = client();
    const evil = await other.post(
      '/connexion',
      { email: 'admin@example.org', password: PASSWORD, suivant: '//evil.example/' },
      '/connexion',
    );
    assert.equal(evil.headers.get('location'), '/admin', 'another site is never a destination');
  });

  test('sliding expiry: a session used with less than 15 days left is extended to 30 days', async () => {
    const c = client();
    await c.login('admin@example.org', PASSWORD);
    const id = sessionIdOf(c.cookies.get('pacte_session') ?? '');
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    await db().updateTable('sessions').set({ expires_at: soon }).where('id', '=', id).execute();
    const response = await c.get('/moderation');
    assert.equal(response.status, 200);
    assert.ok(
      response.headers.getSetCookie().some((h) => h.startsWith('pacte_session=')),
      'cookie sent again',
    );
    const row = await db().selectFrom('sessions').select('expires_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(Date.parse(row.expires_at) > Date.now() + 29 * 86_400_000);
    const quiet = await c.get('/moderation');
    assert.equal(quiet.headers.getSetCookie().length, 0, 'no cookie when nothing changed');
  });

  test('an expired session, or one whose account was disabled, signs out', async () => {
    const c = client();
    await c.login('admin@example.org', PASSWORD);
    const id = sessionIdOf(c.cookies.get('pacte_session') ?? '');
    await db()
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    const response = await c.get('/moderation');
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/connexion/);
    assert.equal(await db().selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(), undefined);

    await createUser(db(), { email: 'parti@example.org', role: 'admin', password: PASSWORD });
    const d = client();
    assert.equal((await d.login('parti@example.org', PASSWORD)).status, 303);
    await db().updateTable('users').set({ disabled: 1 }).where('email', '=', 'parti@example.org').execute();
    assert.equal((await d.get('/moderation')).status, 303, 'disabled: signed out at the next request');
    assert.equal((await d.login('parti@example.org', PASSWORD)).status, 401, 'and cannot sign in again');
  });

  test('logout deletes the session and the cookie', async () => {
    const c = client();
    await c.login('admin@example.org', PASSWORD);
    const id = sessionIdOf(c.cookies.get('pacte_session') ?? '');
    const response = await c.post('/deconnexion', {}, '/moderation');
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
    assert.ok(response.headers.getSetCookie().some((h) => /^pacte_session=;.*Max-Age=0/.test(h)));
    assert.equal(await db().selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    assert.equal((await c.get('/moderation')).status, 303);
  });

  test('CSRF: a POST without the token, with a wrong one, or from another site is refused (403, French)', async () => {
    const c = client();
    await c.login('admin@example.org', PASSWORD);
    const token = await c.csrfToken('/moderation');
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      c.request('/deconnexion', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const missing = await post({});
    assert.equal(missing.status, 403);
    assert.match(textOf(await missing.text()), /Ce formulaire a expiré ou ne vient pas de ce site/);
    assert.equal((await post({ _csrf: `${token.slice(0, -2)}xx` })).status, 403);
    assert.equal((await post({ _csrf: token }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await post({ _csrf: token }, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await c.get('/moderation')).status, 200, 'still signed in: none of them went through');
    // A token from someone else's session is worthless in this one.
    const other = client();
    await other.login('admin@example.org', PASSWORD);
    const foreign = await other.csrfToken('/moderation');
    assert.equal((await post({ _csrf: foreign })).status, 403);
    // Without the cookie, even the right token fails (login form included).
    const fresh = client();
    const loginToken = await fresh.csrfToken('/connexion');
    fresh.cookies.delete('pacte_csrf');
    const noCookie = await fresh.post('/connexion', {
      _csrf: loginToken,
      email: 'admin@example.org',
      password: PASSWORD,
    });
    assert.equal(noCookie.status, 403);
    assert.equal((await post({ _csrf: token }, { origin: 'http://pacte.test' })).status, 303, 'same origin passes');
    // Pages are served with Referrer-Policy: no-referrer, so browsers send `Origin: null` on form posts.
    const browserLike = client();
    const loginToken2 = await browserLike.csrfToken('/connexion');
    const nullOrigin = await browserLike.request('/connexion', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: loginToken2, email: 'admin@example.org', password: PASSWORD }).toString(),
    });
    assert.equal(nullOrigin.status, 303);
  });

  test(`rate limit: after ${LOGIN_LIMIT} failures in 15 minutes, even the right password is refused`, async () => {
    await createUser(db(), { email: 'cible@example.org', role: 'volunteer', password: PASSWORD });
    const c = client();
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      assert.equal((await c.login('cible@example.org', `essai ${i}`)).status, 401);
    }
    const blocked = await c.login('Cible@example.org', PASSWORD);
    assert.equal(blocked.status, 429);
    const html = await blocked.text();
    assert.match(textOf(html), /Trop de tentatives de connexion pour cette adresse\. Réessayez dans 15 minutes\./);
    assert.match(html, /value="Cible@example.org"/);
    const stored = await db()
      .selectFrom('login_attempts')
      .selectAll()
      .where('key', 'like', '%cible@example.org')
      .execute();
    assert.equal(stored.length, LOGIN_LIMIT, 'attempts are stored in the database (shared by instances)');
    assert.equal((await client().login('benevole@example.org', PASSWORD)).status, 303, 'other emails unaffected');
    // Once the attempts are older than the window, signing in works again.
    const old = new Date(Date.now() - 16 * 60_000).toISOString();
    await db()
      .updateTable('login_attempts')
      .set({ attempted_at: old })
      .where('key', 'like', '%cible@example.org')
      .execute();
    assert.equal((await c.login('cible@example.org', PASSWORD)).status, 303);
    assert.equal(
      (await db().selectFrom('login_attempts').select('key').where('key', 'like', '%cible@example.org').execute())
        .length,
      0,
      'a success clears the count',
    );
  });

  test('no unexpected server error', () => {
    assert.deepEqual(errors, []);
  });
});
