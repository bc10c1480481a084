import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createApp } from '../web/app.tsx';
import { REQUEST_LIMIT } from './registration.service.ts';
import { createUser } from './users.service.ts';

const PASSWORD = 'un mot de passe solide';

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://pacte\\.test(${path}\\?jeton=[a-z2-7]+)`).exec(text);
  assert.ok(match?.[1], `no ${path} link in: ${text}`);
  return match[1];
}

forEachDatabase('accounts: sign-up with confirmation, password reset (real SMTP)', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const errors: unknown[] = [];
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
    assert.deepEqual(errors, []);
  });
  const db = () => database().connection.db;
  const client = () =>
    new TestClient(
      createApp({
        connection: database().connection,
        config: loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test', SMTP_URL: smtp.url }),
        logError: (e) => errors.push(e),
      }),
    );

  test('bad sign-up input: the form comes back with the values and a French message per field', async () => {
    const c = client();
    const page = await c.get('/inscription');
    assert.equal(page.status, 200);
    const response = await c.post('/inscription', {
      name: '',
      email: 'pas-une-adresse',
      password: 'court',
      confirmation: 'x',
    });
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<title>Erreur — Créer un compte bénévole/);
    assert.match(html, /Saisissez votre nom/);
    assert.match(html, /Adresse électronique invalide/);
    assert.match(html, /Mot de passe trop court : au moins 10 caractères/);
    assert.match(html, /value="pas-une-adresse"/);
    assert.doesNotMatch(html, /value="court"/, 'a password is never sent back');
    const mismatch = await c.post('/inscription', {
      name: 'Élise',
      email: 'elise@example.org',
      password: PASSWORD,
      confirmation: `${PASSWORD}!`,
    });
    assert.equal(mismatch.status, 400);
    assert.match(await mismatch.text(), /Les deux mots de passe ne sont pas identiques/);
    const rows = await db().selectFrom('users').select('id').execute();
    assert.equal(rows.length, 0);
  });

  test('sign-up: confirmation email over SMTP, no sign-in before confirming, single-use link', async () => {
    const c = client();
    const response = await c.post('/inscription', {
      name: 'Élise <b>Martin</b>',
      email: ' Elise@Example.org ',
      password: PASSWORD,
      confirmation: PASSWORD,
    });
    assert.equal(response.status, 200);
    const page = textOf(await response.text());
    assert.match(page, /Si l’adresse peut être utilisée, un courriel vient de lui être envoyé/);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['elise@example.org']);
    assert.match(mail.parsed.subject ?? '', /^Confirmez votre compte/);
    assert.match(String(mail.parsed.html), /Élise &lt;b&gt;Martin&lt;\/b&gt;/);
    const link = linkIn(mail.parsed.text ?? '', '/inscription/confirmer');
    const user = await db()
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'elise@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(user.role, 'volunteer');
    assert.equal(user.confirmed_at, null);
    assert.equal(user.display_name, 'Élise <b>Martin</b>');

    const early = await c.login('elise@example.org', PASSWORD);
    assert.equal(early.status, 401);
    assert.match(await early.text(), /pas encore confirmée/);

    const confirmPage = await c.get(link);
    assert.equal(confirmPage.status, 200, 'GET shows a button: mail scanners following links confirm nothing');
    const stillPending = await db()
      .selectFrom('users')
      .select('confirmed_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(stillPending.confirmed_at, null);
    const token = new URL(link, 'http://x').searchParams.get('jeton') ?? '';
    const confirmed = await c.post('/inscription/confirmer', { jeton: token }, link);
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /Compte activé/);
    const again = await c.post('/inscription/confirmer', { jeton: token }, '/inscription');
    assert.equal(again.status, 400);
    assert.match(await again.text(), /Lien invalide/);
    const login = await c.login('elise@example.org', PASSWORD);
    assert.equal(login.status, 303);
  });

  test('sign-up with a known address: the same answer, a notice to the owner, no second account', async () => {
    const c = client();
    const response = await c.post('/inscription', {
      name: 'Quelqu’un',
      email: 'elise@example.org',
      password: 'autre mot de passe',
      confirmation: 'autre mot de passe',
    });
    assert.equal(response.status, 200);
    assert.match(
      textOf(await response.text()),
      /Si l’adresse peut être utilisée, un courriel vient de lui être envoyé/,
    );
    const mail = await smtp.nextMail();
    assert.match(mail.parsed.subject ?? '', /^Vous avez déjà un compte/);
    assert.match(mail.parsed.text ?? '', /http:\/\/pacte\.test\/mot-de-passe-oublie/);
    const count = await db().selectFrom('users').select('id').where('email', '=', 'elise@example.org').execute();
    assert.equal(count.length, 1);
  });

  test('expired confirmation link', async () => {
    const c = client();
    await c.post('/inscription', {
      name: 'Tardif',
      email: 'tard@example.org',
      password: PASSWORD,
      confirmation: PASSWORD,
    });
    const link = linkIn((await smtp.nextMail()).parsed.text ?? '', '/inscription/confirmer');
    await db().updateTable('account_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    const page = await c.get(link);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /Lien expiré/);
    const forged = await c.get('/inscription/confirmer?jeton=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(forged.status, 400);
  });

  test('password reset: no leak, expiring single-use link, every session revoked', async () => {
    await createUser(db(), { email: 'paul@example.org', role: 'coordinator', password: PASSWORD });
    const other = client();
    assert.equal((await other.login('paul@example.org', PASSWORD)).status, 303);
    assert.equal((await other.get('/admin')).status, 403, 'signed in (a coordinator is refused /admin)');

    const c = client();
    const unknown = await c.post('/mot-de-passe-oublie', { email: 'inconnu@example.org' });
    const known = await c.post('/mot-de-passe-oublie', { email: 'Paul@Example.org' });
    assert.equal(unknown.status, 200);
    assert.equal(known.status, 200);
    const strip = (html: string) => textOf(html).replace(/value="[^"]*"/g, '');
    assert.equal(strip(await unknown.text()), strip(await known.text()), 'same page whether or not the account exists');
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['paul@example.org'], 'only the known address gets a message');
    const link = linkIn(mail.parsed.text ?? '', '/mot-de-passe-oublie/nouveau');
    const token = new URL(link, 'http://x').searchParams.get('jeton') ?? '';

    const form = await c.get(link);
    assert.equal(form.status, 200);
    const bad = await c.post(
      '/mot-de-passe-oublie/nouveau',
      { jeton: token, password: 'nouveau mot de passe', confirmation: 'autre' },
      link,
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Les deux mots de passe ne sont pas identiques/);
    const ok = await c.post(
      '/mot-de-passe-oublie/nouveau',
      { jeton: token, password: 'nouveau mot de passe', confirmation: 'nouveau mot de passe' },
      link,
    );
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /toutes vos sessions ont été fermées/);
    const afterReset = await other.get('/admin');
    assert.equal(afterReset.status, 303, 'the other session is gone: back to /connexion');
    assert.equal((await c.login('paul@example.org', PASSWORD)).status, 401);
    assert.equal((await client().login('paul@example.org', 'nouveau mot de passe')).status, 303);
    const reused = await client().get(link);
    assert.equal(reused.status, 400, 'single use');
    assert.equal(smtp.received.length, 0, 'the unknown address received nothing');
  });

  test('an older reset link stops working when a new one is sent; links expire', async () => {
    const c = client();
    await c.post('/mot-de-passe-oublie', { email: 'paul@example.org' });
    const first = linkIn((await smtp.nextMail()).parsed.text ?? '', '/mot-de-passe-oublie/nouveau');
    await c.post('/mot-de-passe-oublie', { email: 'paul@example.org' });
    const second = linkIn((await smtp.nextMail()).parsed.text ?? '', '/mot-de-passe-oublie/nouveau');
    assert.equal((await c.get(first)).status, 400);
    assert.equal((await c.get(second)).status, 200);
    await db().updateTable('account_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    const expired = await c.get(second);
    assert.equal(expired.status, 400);
    assert.match(await expired.text(), /Lien expiré/);
  });

  test('rate limits: reset requests per address, sign-ups per IP', async () => {
    await db().deleteFrom('login_attempts').execute();
    const c = client();
    for (let i = 0; i < REQUEST_LIMIT; i++) {
      assert.equal((await c.post('/mot-de-passe-oublie', { email: 'cible@example.org' })).status, 200);
    }
    const limited = await c.post('/mot-de-passe-oublie', { email: 'cible@example.org' });
    assert.equal(limited.status, 429);
    assert.match(await limited.text(), /Trop de demandes de réinitialisation/);
    await db().deleteFrom('login_attempts').execute();
    for (let i = 0; i < REQUEST_LIMIT; i++) {
      const r = await c.post('/inscription', {
        name: `N${i}`,
        email: `n${i}@example.org`,
        password: PASSWORD,
        confirmation: PASSWORD,
      });
      assert.equal(r.status, 200);
      await smtp.nextMail();
    }
    const blocked = await c.post('/inscription', {
      name: 'N',
      email: 'n@example.org',
      password: PASSWORD,
      confirmation: PASSWORD,
    });
    assert.equal(blocked.status, 429);
    const html = await blocked.text();
    assert.match(html, /Trop de demandes d’inscription/);
    assert.match(html, /value="n@example.org"/);
  });
});
