import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { documentsDir, storeDocument } from '../pledges/documents.storage.ts';
import { HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../pledges/form-guard.ts';
import { SECRET_EMAILS, SECRET_PHONES, type SeededSignatures, seedSignatures } from '../pledges/signatures.fixtures.ts';
import { attachDocument } from '../pledges/signatures.service.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createApp } from '../web/app.tsx';
import { hashToken, subjectActor } from './privacy.service.ts';

// The whole journey of /mes-donnees on both databases: the link received on a real SMTP server, the
// listing of every kind of data held, downloads, corrections and deletions seen on the public pages.

const PERSON = SECRET_EMAILS[1] as string; // Jérôme KACZMAREK signed in person (published)
const LIST = SECRET_EMAILS[0] as string; // the list « Lens en commun » signed as a list (published)
const UNKNOWN = 'personne.inconnue@exemple.test';
const BASE = 'http://pacte.test';

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

/** The page without what differs from one request to the next (anti-CSRF token, form stamp). */
const stable = (html: string) =>
  html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/name="formulaire_ouvert" value="[^"]*"/g, '');

forEachDatabase('personal-data rights (/mes-donnees)', (database) => {
  let seeded: SeededSignatures;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let app: ReturnType<typeof createApp>;
  const errors: unknown[] = [];
  const db = () => database().connection.db;
  const dataDir = mkdtempSync(join(tmpdir(), 'pacte-privacy-'));
  let docsDir = '';

  before(async () => {
    smtp = await startSmtpServer();
    seeded = await seedSignatures(database().connection);
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: BASE, SMTP_URL: smtp.url });
    config.outboxDir = join(dataDir, 'outbox');
    docsDir = documentsDir(config);
    app = createApp({ connection: database().connection, config, logError: (e) => errors.push(e) });
    // The same person also has a volunteer account, asked for an ambassador visit, and is quoted in a contact.
    await createUser(db(), {
      email: PERSON,
      role: 'volunteer',
      password: 'mot de passe solide',
      displayName: 'Jérôme K.',
    });
    const at = new Date().toISOString();
    await db()
      .insertInto('visit_requests')
      .values({
        id: 'vr-privacy',
        commune_insee: '62498',
        departement_code: '62',
        contact_name: 'Jérôme Kaczmarek',
        contact_role: 'Adjoint au numérique',
        email: PERSON,
        phone: '03 21 99 88 77',
        state: 'demandee',
        state_since: at,
        confirmed_at: at,
        created_at: at,
        updated_at: at,
      } as never)
      .execute();
    await db()
      .insertInto('contacts')
      .values({
        id: 'ct-privacy',
        target_type: 'list',
        target_id: seeded.listId,
        ballot_id: 'municipales-2026.62498',
        channel: 'courriel',
        contacted_on: '2026-02-02',
        notes: `Écrit à ${PERSON.toUpperCase()} pour le relancer`,
        created_at: at,
        updated_at: at,
      } as never)
      .execute();
  });
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await smtp.close();
    assert.deepEqual(errors, []);
  });

  async function askLink(client: TestClient, email: string, extra: Record<string, string> = {}) {
    const secret = await ensureSessionSecret(db());
    return client.post(
      '/mes-donnees',
      {
        email,
        [STAMP_FIELD]: issueFormStamp(secret, 'mes-donnees', Date.now() - 10_000),
        [HONEYPOT_FIELD]: '',
        ...extra,
      },
      '/mes-donnees',
    );
  }

  /** Asks for the link, takes it from the mailbox, opens it: a client with an open access. */
  async function openAccess(email: string): Promise<TestClient> {
    await db().deleteFrom('login_attempts').execute();
    const client = new TestClient(app);
    assert.equal((await askLink(client, email)).status, 200);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, [email]);
    const token = /\/mes-donnees\/acces\/([a-z2-7]{32})/.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(token, 'link in the email');
    const opened = await client.post(`/mes-donnees/acces/${token}`, {}, `/mes-donnees/acces/${token}`);
    assert.equal(opened.status, 303);
    assert.equal(opened.headers.get('location'), '/mes-donnees/espace');
    return client;
  }

  test('the link arrives by email; an unknown address gets the same answer and no email', async () => {
    const client = new TestClient(app);
    const form = await (await client.get('/mes-donnees')).text();
    assert.match(form, new RegExp(`name="${HONEYPOT_FIELD}"`));
    assert.match(form, /name="_csrf"/);
    const known = await askLink(client, PERSON.toUpperCase());
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, [PERSON]);
    assert.match(mail.parsed.subject ?? '', /Vos données personnelles/);
    const link = /(http:\/\/pacte\.test\/mes-donnees\/acces\/[a-z2-7]{32})/.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(link);
    const unknown = await askLink(client, UNKNOWN);
    assert.equal(unknown.status, known.status);
    assert.equal(stable(await unknown.text()), stable(await known.text()));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.received.length, 0, 'no email to an unknown address');
    // Bad input: the form comes back with the value and a French message.
    const bad = await askLink(client, 'pas-une-adresse');
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /n’est pas valide/);
    assert.match(badHtml, /value="pas-une-adresse"/);
    // A robot filling the honeypot gets the usual answer and no email.
    const robot = await askLink(client, PERSON, { [HONEYPOT_FIELD]: 'rue des robots' });
    assert.match(textOf(await robot.text()), /Demande enregistrée/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.received.length, 0);
  });

  test('requests are rate limited per address', async () => {
    await db().deleteFrom('login_attempts').execute();
    const client = new TestClient(app);
    for (let i = 0; i < 3; i++) assert.equal((await askLink(client, UNKNOWN)).status, 200);
    const limited = await askLink(client, UNKNOWN);
    assert.equal(limited.status, 429);
    assert.match(textOf(await limited.text()), /Trop de demandes/);
  });

  test('the page lists everything held; JSON and CSV downloads; the link serves once', async () => {
    const client = await openAccess(PERSON);
    const page = await client.get('/mes-donnees/espace');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const text = textOf(await page.text());
    for (const expected of [
      'KACZMAREK',
      SECRET_PHONES[1] as string,
      'Compte de bénévole',
      'Jérôme K.',
      'Adjoint au numérique',
      '03 21 99 88 77',
      'pour le relancer',
    ]) {
      assert.ok(text.includes(expected), `page shows ${expected}`);
    }
    const english = textOf(await (await client.get('/mes-donnees/espace?lang=en')).text());
    assert.match(english, /Pact signatures \(1\)/);
    assert.match(english, /Phone \(never public\)/);
    client.cookies.set('lang', 'fr');
    const json = await client.get('/mes-donnees/espace.json');
    assert.match(json.headers.get('content-disposition') ?? '', /attachment; filename="mes-donnees.json"/);
    const data = JSON.parse(await json.text());
    assert.equal(data.email, PERSON);
    assert.equal(data.signatures.length, 1);
    assert.equal(data.signatures[0].phone, SECRET_PHONES[1]);
    assert.equal(data.signatures[0].id, seeded.personSigned);
    assert.equal(data.account.displayName, 'Jérôme K.');
    assert.equal(data.visitRequests.length, 1);
    assert.equal(data.contacts.length, 1);
    const csv = await (await client.get('/mes-donnees/espace.csv')).text();
    assert.ok(csv.startsWith('type,id,champ,valeur'), 'header (after the BOM, removed by the decoder)');
    assert.ok(csv.includes(`signature,${seeded.personSigned},phone,${SECRET_PHONES[1]}`));
    assert.match(csv, /compte,[^,]+,email,/);
    assert.match(csv, /demande_visite,vr-privacy,phone,03 21 99 88 77/);
    // Every access and download is in the audit log, under the owner's fingerprint.
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', subjectActor(PERSON))
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['privacy.access', 'privacy.export', 'privacy.export']);
  });

  test('forged, expired and used links are refused; no access without the cookie; CSRF required', async () => {
    const client = new TestClient(app);
    const forged = 'a'.repeat(32);
    assert.equal((await client.get(`/mes-donnees/acces/${forged}`)).status, 404);
    assert.equal((await client.get('/mes-donnees/acces/../../etc')).status, 404);
    const expired = 'b'.repeat(32);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await db()
      .insertInto('privacy_tokens')
      .values({
        id: 'expired-link',
        token_hash: hashToken(expired),
        purpose: 'link',
        email: PERSON,
        created_at: past,
        expires_at: past,
        used_at: null,
      })
      .execute();
    const page = await client.get(`/mes-donnees/acces/${expired}`);
    assert.equal(page.status, 410);
    assert.match(textOf(await page.text()), /Ce lien a expiré/);
    const token = await client.csrfToken('/mes-donnees');
    const post = await client.request(`/mes-donnees/acces/${expired}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(token)}`,
    });
    assert.equal(post.status, 410);
    assert.equal((await client.get('/mes-donnees/espace')).status, 401);
    assert.equal((await client.get('/mes-donnees/espace.json')).status, 401);
    client.cookies.set('pacte_mes_donnees', 'c'.repeat(32));
    assert.equal((await client.get('/mes-donnees/espace')).status, 401);
    // A used link does not open twice.
    await db().deleteFrom('login_attempts').execute();
    const owner = new TestClient(app);
    await askLink(owner, PERSON);
    const link = /\/mes-donnees\/acces\/[a-z2-7]{32}/.exec((await smtp.nextMail()).parsed.text ?? '')?.[0] as string;
    assert.equal((await owner.post(link, {}, link)).status, 303);
    assert.equal((await owner.post(link, {}, '/mes-donnees')).status, 410);
    // Without the anti-CSRF token, nothing is deleted.
    const noCsrf = await owner.request(`/mes-donnees/signatures/${seeded.personSigned}/supprimer`, { method: 'POST' });
    assert.equal(noCsrf.status, 403);
    assert.ok(
      await db().selectFrom('signatures').select('id').where('id', '=', seeded.personSigned).executeTakeFirst(),
    );
  });

  test('corrections, then deletion: the signature leaves the public pages at once', async () => {
    const client = await openAccess(PERSON);
    const id = seeded.personSigned;
    const fixed = await client.post(
      `/mes-donnees/signatures/${id}/corriger`,
      { phone: '06 12 34 56 78' },
      '/mes-donnees/espace',
    );
    assert.equal(fixed.status, 200);
    assert.match(textOf(await fixed.text()), /Correction enregistrée/);
    const row = await db()
      .selectFrom('signatures')
      .select(['phone', 'last_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.phone, '06 12 34 56 78');
    const renamed = await client.post(
      `/mes-donnees/signatures/${id}/corriger`,
      { last_name: 'AUTRE' },
      '/mes-donnees/espace',
    );
    assert.equal(renamed.status, 400);
    assert.match(textOf(await renamed.text()), /ne peut plus être modifié/);
    // Someone else's signature cannot be touched from this access.
    const other = await client.post(
      `/mes-donnees/signatures/${seeded.parisSigned}/supprimer`,
      {},
      '/mes-donnees/espace',
    );
    assert.equal(other.status, 404, 'as if it did not exist');

    for (const path of ['/signataires', '/communes/62498', `/listes/${seeded.listId}`]) {
      assert.ok((await (await app.request(path)).text()).includes(`/signataires/${id}`), `${path} before`);
    }
    // His signed pact, uploaded as a scan.
    const stored = await storeDocument(docsDir, new TextEncoder().encode('%PDF-1.4\n% pacte signé\n'));
    await attachDocument(db(), id, stored, null);
    assert.ok(existsSync(join(docsDir, stored.path)));
    // Elected, he is named on a follow-up scorecard.
    await db()
      .insertInto('followup_signatories')
      .values({
        scorecard_id: 'sc-test',
        signature_id: id,
        label: 'Jérôme KACZMAREK (Lens en commun)',
        mandates: '',
      } as never)
      .execute();
    const deleted = await client.post(`/mes-donnees/signatures/${id}/supprimer`, {}, '/mes-donnees/espace');
    assert.equal(deleted.status, 200);
    assert.match(textOf(await deleted.text()), /n’apparaît plus sur les pages publiques/);
    assert.doesNotMatch(await (await app.request('/signataires.csv')).text(), /KACZMAREK/);
    for (const path of ['/signataires', '/communes/62498', `/listes/${seeded.listId}`]) {
      assert.ok(!(await (await app.request(path)).text()).includes(`/signataires/${id}`), `${path} after`);
    }
    assert.equal((await app.request(`/signataires/${id}`)).status, 404);
    assert.equal(await db().selectFrom('signatures').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    assert.equal(existsSync(join(docsDir, stored.path)), false, 'the signed document is deleted too');
    assert.equal(
      await db().selectFrom('followup_signatories').select('label').where('signature_id', '=', id).executeTakeFirst(),
      undefined,
    );

    // The account, the visit request's contact and the mention in a contact's notes.
    await client.post('/mes-donnees/compte/supprimer', {}, '/mes-donnees/espace');
    const user = await db().selectFrom('users').selectAll().where('display_name', '=', 'Jérôme K.').executeTakeFirst();
    assert.equal(user, undefined);
    assert.equal(await db().selectFrom('users').select('id').where('email', '=', PERSON).executeTakeFirst(), undefined);
    await client.post('/mes-donnees/demandes-visite/supprimer', {}, '/mes-donnees/espace');
    const request = await db()
      .selectFrom('visit_requests')
      .selectAll()
      .where('id', '=', 'vr-privacy')
      .executeTakeFirstOrThrow();
    assert.deepEqual([request.email, request.phone, request.contact_name], ['', '', '']);
    await client.post('/mes-donnees/demarches/supprimer', {}, '/mes-donnees/espace');
    const contact = await db()
      .selectFrom('contacts')
      .select('notes')
      .where('id', '=', 'ct-privacy')
      .executeTakeFirstOrThrow();
    assert.equal(contact.notes, 'Écrit à [adresse effacée] pour le relancer');
    const data = JSON.parse(await (await client.get('/mes-donnees/espace.json')).text());
    assert.deepEqual(
      [data.signatures.length, data.account, data.visitRequests.length, data.contacts.length],
      [0, null, 0, 0],
    );
    const actions = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('actor', '=', subjectActor(PERSON))
      .where('action', 'in', ['privacy.correct', 'privacy.delete', 'privacy.anonymise'])
      .execute();
    assert.deepEqual(actions.map((a) => `${a.action} ${a.entity_type}`).sort(), [
      'privacy.anonymise user',
      'privacy.correct signature',
      'privacy.delete outreach_mentions',
      'privacy.delete signature',
      'privacy.delete visit_request_contact',
    ]);
  });

  test('a list that signed as a list stays public, anonymised', async () => {
    const client = await openAccess(LIST);
    const id = seeded.listSigned;
    const done = await client.post(`/mes-donnees/signatures/${id}/supprimer`, {}, '/mes-donnees/espace');
    assert.match(textOf(await done.text()), /la signature de la liste reste publique/);
    const row = await db()
      .selectFrom('signatures')
      .select(['state', 'first_name', 'last_name', 'phone', 'email'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { state: 'published', first_name: '', last_name: '', phone: '', email: '' });
    const directory = await (await app.request('/signataires')).text();
    assert.match(directory, /Lens en commun/);
    assert.doesNotMatch(directory, /LEFÈBVRE/);
    assert.equal((await app.request(`/signataires/${id}`)).status, 200);
  });
});
