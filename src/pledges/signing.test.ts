// Journeys 1 and 2 through HTTP (in-process app), with a real SMTP server and pdftotext.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { type AppDeps, createApp } from '../web/app.tsx';
import { documentsDir } from './documents.storage.ts';
import { issueFormStamp, STAMP_FIELD } from './form-guard.ts';
import { createInvitation, revokeInvitation } from './signatures.service.ts';
import { SIGNING_RATE_LIMIT } from './signing.routes.tsx';

const SECRET = 'secret-de-test-'.padEnd(48, 'x');
const fixtures = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures');
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function pdfText(pdf: Buffer | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-pdf-'));
  try {
    const file = join(dir, 'p.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/ +/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

forEachDatabase('signing journeys (HTTP)', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let client: TestClient;
  let dir: string;
  let config: ReturnType<typeof loadConfig>;
  const errors: unknown[] = [];
  let lensList = '';
  let candidacyId = '';
  let deps: AppDeps;

  const stamp = (form = 'signer', ageMs = 10_000) => issueFormStamp(SECRET, form, Date.now() - ageMs);
  const valid = (overrides: Record<string, string> = {}) => ({
    variant: 'list',
    liste: lensList,
    listName: '',
    listPosition: '1',
    parties: 'Les Écologistes « Libres »',
    website: 'lens-en-commun.example.org',
    postcode: '62300',
    lastName: 'Lefèbvre-Œuvray',
    firstName: 'Anne-Sophie',
    phone: '06 12 34 56 78',
    email: 'anne-sophie@example.org',
    place: 'Lens',
    signedOn: '2026-11-22',
    comment: 'Nous soutenons « le libre » & les communs.',
    consentPublish: 'oui',
    [STAMP_FIELD]: stamp(),
    ...overrides,
  });
  const count = async () =>
    Number(
      (
        await database()
          .connection.db.selectFrom('signatures')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    smtp = await startSmtpServer();
    dir = mkdtempSync(join(tmpdir(), 'pacte-signing-'));
    config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      BASE_URL: 'http://pacte.test',
      SMTP_URL: smtp.url,
      SESSION_SECRET: SECRET,
    });
    config.outboxDir = join(dir, 'outbox');
    const { connection } = database();
    await importFile(connection, join(fixtures, 'municipales-2026.csv'), { reportDir: dir });
    const list = await connection.db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    lensList = list.id;
    candidacyId = (
      await connection.db
        .selectFrom('candidacies')
        .select('id')
        .where('list_id', '=', lensList)
        .where('position', '=', 2)
        .executeTakeFirstOrThrow()
    ).id;
    deps = { connection, config, logError: (e) => errors.push(e) };
    client = new TestClient(createApp(deps));
  });
  beforeEach(async () => {
    // Every POST of this file comes from the same address: start each test with a clean count.
    await database().connection.db.deleteFrom('login_attempts').execute();
  });
  after(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('step 1: a commune by postcode or name; a postcode of one commune goes straight to the form', async () => {
    const byPostcode = await (await client.get('/signer?q=62300')).text();
    assert.match(byPostcode, /href="\/signer\?commune=62498&amp;cp=62300"/);
    const none = await (await client.get('/signer?q=zzzqqq')).text();
    assert.match(none, /Aucune commune ne correspond à « zzzqqq »/);
    const single = await client.get('/signer?q=97139');
    assert.equal(single.status, 303);
    assert.equal(single.headers.get('location'), '/signer?commune=97101&cp=97139');
    const form = await (await client.get('/signer?commune=62498&cp=62300')).text();
    assert.match(form, /Lens en commun/);
    assert.match(form, /Ma liste n’est pas dans la liste/);
    assert.match(form, /name="formulaire_ouvert"/);
    assert.match(form, /value="62300"/);
    assert.equal((await client.get('/signer?commune=00000')).status, 404);
  });

  test('bad input: each field explained in French next to it, values kept, nothing stored', async () => {
    const before = await count();
    const cases: [Record<string, string>, RegExp][] = [
      [{ lastName: '' }, /Indiquez votre nom\./],
      [{ firstName: '  ' }, /Indiquez votre prénom\./],
      [{ email: '' }, /Indiquez votre adresse de courriel/],
      [{ email: 'pas-une-adresse' }, /Adresse de courriel invalide/],
      [{ postcode: '75001' }, /Le code postal 75001 ne correspond pas à la commune de Lens \(code postal : 62300\)/],
      [{ postcode: '6230' }, /Le code postal compte 5 chiffres/],
      [{ liste: '' }, /Choisissez votre liste, ou « Ma liste n’est pas dans la liste »/],
      [{ liste: 'autre', listName: '' }, /Indiquez le nom de votre liste\./],
      [{ listPosition: 'premier' }, /La position sur la liste est un nombre/],
      [{ website: 'javascript:alert(1)' }, /Adresse de site web invalide/],
      [{ phone: 'appelez-moi' }, /Numéro de téléphone invalide/],
      [{ place: '' }, /Indiquez où vous signez/],
      [{ signedOn: '' }, /Indiquez la date de signature/],
      [{ signedOn: '2099-01-01' }, /ne peut pas être dans le futur/],
      [{ variant: '' }, /Indiquez si vous signez au nom de votre liste ou en votre nom/],
    ];
    for (const [overrides, message] of cases) {
      await database().connection.db.deleteFrom('login_attempts').execute(); // under the rate limit
      const response = await client.post('/signer?commune=62498', valid(overrides), '/signer?commune=62498');
      const html = await response.text();
      assert.equal(response.status, 400, JSON.stringify(overrides));
      assert.match(html, message, JSON.stringify(overrides));
      assert.match(html, /class="field-error"/);
      // values kept
      assert.match(html, /value="Anne-Sophie"|Indiquez votre prénom/);
    }
    assert.equal(await count(), before);
  });

  test('in English: the form, its messages and the pages around it', async () => {
    const english = new TestClient(createApp(deps));
    const form = await (await english.get('/signer?commune=62498&lang=en')).text();
    assert.match(form, /Sign the Free Software Pact/);
    assert.match(form, /My list is not in this list/);
    const response = await english.post(
      '/signer?commune=62498',
      valid({ firstName: '', postcode: '75001' }),
      '/signer?commune=62498',
    );
    const html = await response.text();
    assert.equal(response.status, 400);
    assert.match(html, /Enter your first name\./);
    assert.match(html, /The postcode 75001 does not match the commune of Lens \(postcode: 62300\)/);
    assert.match(
      await (await english.get('/signer/confirmer/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).text(),
      /Invalid link/,
    );
  });

  test('HTML in a field is kept as text and shown escaped', async () => {
    const hostile = '<script>alert("x")</script>';
    const html = await (
      await client.post('/signer?commune=62498', valid({ firstName: hostile, lastName: '' }), '/signer?commune=62498')
    ).text();
    assert.ok(!html.includes(hostile));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;') || html.includes('&lt;script&gt;'));
  });

  test('bots: honeypot filled → same answer, nothing stored; too fast or forged timestamp → form again', async () => {
    const before = await count();
    const bot = await client.post(
      '/signer?commune=62498',
      valid({ adresse_postale_2: 'http://spam.example' }),
      '/signer?commune=62498',
    );
    assert.equal(bot.status, 200);
    assert.match(await bot.text(), /Vérifiez votre messagerie/);
    const fast = await client.post(
      '/signer?commune=62498',
      valid({ [STAMP_FIELD]: stamp('signer', 500) }),
      '/signer?commune=62498',
    );
    assert.equal(fast.status, 400);
    assert.match(await fast.text(), /envoyé trop vite/);
    const forged = await client.post(
      '/signer?commune=62498',
      valid({ [STAMP_FIELD]: issueFormStamp('autre-secret'.padEnd(40, 'y'), 'signer', Date.now() - 60_000) }),
      '/signer?commune=62498',
    );
    assert.equal(forged.status, 400);
    assert.equal(await count(), before);
    assert.equal(smtp.received.length, 0);
  });

  test('a flood from one address is rate-limited with a polite message', async () => {
    const token = await client.csrfToken('/signer?commune=62498');
    let last: Response | undefined;
    for (let i = 0; i <= SIGNING_RATE_LIMIT; i++) {
      last = await client.post('/signer?commune=62498', { ...valid({ lastName: '' }), _csrf: token });
    }
    assert.equal(last?.status, 429);
    assert.match((await last?.text()) ?? '', /Merci de réessayer dans \d+ minute/);
  });

  test('journey 1: sign, receive the email with the filled PDF, follow the link, download, upload the signed scan', async () => {
    const response = await client.post('/signer?commune=62498', valid(), '/signer?commune=62498');
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/signer/envoye');
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['anne-sophie@example.org']);
    assert.match(mail.parsed.subject ?? '', /Confirmez votre signature/);
    const link = /http:\/\/pacte\.test(\/signer\/confirmer\/[a-z2-7]{32})/.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(link, String(mail.parsed.text));
    const attachment = mail.parsed.attachments[0];
    assert.equal(attachment?.contentType, 'application/pdf');
    const text = pdfText(attachment?.content ?? Buffer.alloc(0));
    for (const value of [
      'Lens en commun',
      'Lefèbvre-Œuvray',
      'Anne-Sophie',
      'Les Écologistes « Libres »',
      '62300',
      '06 12 34 56 78',
      'anne-sophie@example.org',
      '22/11/2026',
      'https://lens-en-commun.example.org',
    ]) {
      assert.ok(text.includes(value), `${value} in the PDF`);
    }
    assert.match(text, /Publication de ma réponse ou de mon commentaire : oui/);
    const row = await database()
      .connection.db.selectFrom('signatures')
      .selectAll()
      .where('email', '=', 'anne-sophie@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'pending_confirmation');
    assert.equal(row.list_id, lensList);
    assert.equal(row.comment, 'Nous soutenons « le libre » & les communs.');

    // Nothing public before moderation; the link confirms.
    // The link opens a page; only its button confirms (a mail filter opening links confirms nothing).
    const page = await client.get(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Confirmer ma signature/);
    const pending = await database()
      .connection.db.selectFrom('signatures')
      .select('state')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(pending.state, 'pending_confirmation');
    const confirm = await client.post(link, {}, link);
    assert.equal(confirm.status, 303);
    const thanksUrl = confirm.headers.get('location') ?? '';
    assert.match(thanksUrl, /^\/signer\/merci\/[a-z2-7]{32}\?confirmee=1$/);
    const state = await database()
      .connection.db.selectFrom('signatures')
      .select('state')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(state.state, 'to_verify');
    const thanks = await client.get(thanksUrl);
    assert.match(thanks.headers.get('cache-control') ?? '', /no-store/);
    const thanksHtml = await thanks.text();
    assert.match(thanksHtml, /votre signature est confirmée/);
    assert.match(thanksHtml, /à vérifier/);
    const base = thanksUrl.replace(/\?.*$/, '');
    const pdf = await client.get(`${base}/pacte.pdf`);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.ok(pdfText(Buffer.from(await pdf.arrayBuffer())).includes('Lefèbvre-Œuvray'));
    // Following the link again: the same page, nothing changes.
    assert.equal((await client.get(link)).headers.get('location'), base);

    const upload = async (content: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      form.set('document', new File([content as Uint8Array<ArrayBuffer>], name, { type }));
      const token = await client.csrfToken(base);
      return client.request(`${base}/document?_csrf=${encodeURIComponent(token)}`, { method: 'POST', body: form });
    };
    const fake = await upload(Buffer.from('<html>pas un PDF</html>'), 'faux.pdf', 'application/pdf');
    assert.equal(fake.status, 400);
    assert.match(await fake.text(), /ni un PDF, ni une image JPEG ou PNG/);
    const huge = await upload(new Uint8Array(10 * 1024 * 1024 + 200_000), 'gros.pdf', 'application/pdf');
    assert.equal(huge.status, 413);
    assert.match(await huge.text(), /dépasse 10 Mo/);
    const ok = await upload(PNG, 'scan.txt', 'text/plain');
    assert.equal(ok.status, 303);
    const stored = await database()
      .connection.db.selectFrom('signatures')
      .select(['document_path', 'document_type', 'document_size', 'document_sha256'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.document_type, 'image/png');
    assert.equal(Number(stored.document_size), PNG.length);
    const file = join(documentsDir(config), stored.document_path ?? '');
    assert.ok(existsSync(file));
    assert.deepEqual(readFileSync(file), PNG);
    assert.ok(!file.includes('static'));
    assert.deepEqual(errors, []);
  });

  test('the same email signing the same list twice: one signature, the same answer', async () => {
    const input = valid({ email: 'deux-fois@example.org' });
    const first = await client.post('/signer?commune=62498', input, '/signer?commune=62498');
    const second = await client.post('/signer?commune=62498', { ...input, lastName: 'Autre' }, '/signer?commune=62498');
    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    assert.equal(first.headers.get('location'), second.headers.get('location'));
    assert.equal((await first.text()) === (await second.text()), true);
    await smtp.nextMail();
    await smtp.nextMail();
    const rows = await database()
      .connection.db.selectFrom('signatures')
      .select(['last_name'])
      .where('email', '=', 'deux-fois@example.org')
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.last_name, 'Lefèbvre-Œuvray');
  });

  test('expired or forged links: a clear page, nothing changed', async () => {
    const forged = await client.get('/signer/confirmer/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(forged.status, 404);
    assert.match(await forged.text(), /Lien invalide/);
    assert.equal((await client.get('/signer/confirmer/%3Cscript%3E')).status, 404);
    assert.equal((await client.get('/signer/merci/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status, 404);
    await client.post('/signer?commune=62498', valid({ email: 'tardif@example.org' }), '/signer?commune=62498');
    const mail = await smtp.nextMail();
    const link = /http:\/\/pacte\.test(\/signer\/confirmer\/[a-z2-7]{32})/.exec(mail.parsed.text ?? '')?.[1] ?? '';
    await database()
      .connection.db.updateTable('signatures')
      .set({ confirmation_expires_at: '2020-01-01T00:00:00.000Z' })
      .where('email', '=', 'tardif@example.org')
      .execute();
    const expired = await client.get(link);
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /Lien expiré/);
    const token = await client.csrfToken('/signer?commune=62498');
    const posted = await client.post(link, { _csrf: token });
    assert.equal(posted.status, 410);
    const row = await database()
      .connection.db.selectFrom('signatures')
      .select('state')
      .where('email', '=', 'tardif@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'pending_confirmation');
  });

  test('journey 2: a personal link pre-fills the form; signing goes straight to to_verify; revoked or expired → clear page', async () => {
    const { db } = database().connection;
    const { token } = await createInvitation(db, { candidacyId }, 'benevole-1');
    const path = `/signer/invitation/${token}`;
    const form = await (await client.get(path)).text();
    assert.match(form, /value="KACZMAREK"/);
    assert.match(form, /value="Jérôme"/);
    assert.match(form, /Lens en commun/);
    assert.match(form, /value="2"/);
    const response = await client.post(
      path,
      {
        ...valid({ variant: 'individual', lastName: 'KACZMAREK', firstName: 'Jérôme', email: 'jerome@example.org' }),
        [STAMP_FIELD]: stamp('invitation'),
      },
      path,
    );
    assert.equal(response.status, 303, await response.text());
    assert.match(response.headers.get('location') ?? '', /^\/signer\/merci\/[a-z2-7]{32}/);
    const row = await db
      .selectFrom('signatures')
      .selectAll()
      .where('email', '=', 'jerome@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'to_verify');
    assert.equal(row.channel, 'link');
    assert.equal(row.candidacy_id, candidacyId);
    const mail = await smtp.nextMail();
    assert.match(mail.parsed.subject ?? '', /Votre signature est enregistrée/);
    assert.ok(pdfText(mail.parsed.attachments[0]?.content ?? Buffer.alloc(0)).includes('KACZMAREK'));
    const used = await client.get(path);
    assert.equal(used.status, 410);
    assert.match(await used.text(), /Lien déjà utilisé/);

    const other = await createInvitation(db, { listId: lensList }, 'benevole-1');
    await revokeInvitation(db, other.invitation.id, { id: 'benevole-1', any: false });
    const revoked = await client.get(`/signer/invitation/${other.token}`);
    assert.equal(revoked.status, 410);
    assert.match(await revoked.text(), /Lien révoqué/);
    const old = await createInvitation(db, { listId: lensList }, 'benevole-1', {
      now: new Date('2025-01-01T00:00:00Z'),
    });
    const expired = await client.get(`/signer/invitation/${old.token}`);
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /Invitation expirée/);
    assert.equal((await client.get('/signer/invitation/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).status, 404);
    assert.deepEqual(errors, []);
  });

  test('volunteers create, list and revoke personal links; signed out → login; others cannot revoke', async () => {
    const { db } = database().connection;
    const password = 'mot de passe solide';
    await createUser(db, { email: 'benevole@example.org', role: 'volunteer', password });
    await createUser(db, { email: 'autre@example.org', role: 'volunteer', password });
    const anonymous = new TestClient(createApp(deps));
    const out = await anonymous.get('/espace/invitations');
    assert.equal(out.status, 303);
    assert.match(out.headers.get('location') ?? '', /^\/connexion/);
    assert.doesNotMatch(await (await anonymous.get(`/listes/${lensList}`)).text(), /Inviter cette liste/);

    const volunteer = new TestClient(createApp(deps));
    await volunteer.login('benevole@example.org', password);
    assert.match(await (await volunteer.get(`/listes/${lensList}`)).text(), /Inviter cette liste à signer/);
    const choose = await (await volunteer.get(`/espace/invitations/nouvelle?liste=${lensList}`)).text();
    assert.match(choose, /KACZMAREK/);
    const created = await volunteer.post(
      '/espace/invitations',
      { liste: lensList },
      `/espace/invitations/nouvelle?liste=${lensList}`,
    );
    assert.equal(created.status, 200);
    const url =
      /value="http:\/\/pacte\.test(\/signer\/invitation\/[a-z2-7]{32})"/.exec(await created.text())?.[1] ?? '';
    assert.ok(url);
    const form = await (await anonymous.get(url)).text();
    assert.match(form, /Lens en commun/);
    const mine = await (await volunteer.get('/espace/invitations')).text();
    assert.match(mine, /Lens en commun/);
    assert.match(mine, /actif/);
    const id = /action="\/espace\/invitations\/([^/]+)\/revoquer"/.exec(mine)?.[1] ?? '';

    const other = new TestClient(createApp(deps));
    await other.login('autre@example.org', password);
    assert.doesNotMatch(await (await other.get('/espace/invitations')).text(), /Lens en commun/);
    const refused = await other.post(`/espace/invitations/${id}/revoquer`, {}, '/espace/invitations');
    assert.equal(refused.status, 404);
    assert.equal((await anonymous.get(url)).status, 200);

    const revoked = await volunteer.post(`/espace/invitations/${id}/revoquer`, {}, '/espace/invitations');
    assert.equal(revoked.status, 303);
    assert.equal((await anonymous.get(url)).status, 410);
    assert.match(await (await volunteer.get('/espace/invitations')).text(), /révoqué/);
    assert.deepEqual(errors, []);
  });
});
