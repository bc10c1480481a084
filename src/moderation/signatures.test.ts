import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import { documentsDir, storeDocument } from '../pledges/documents.storage.ts';
import { SECRET_EMAILS, type SeededSignatures, seedSignatures } from '../pledges/signatures.fixtures.ts';
import { attachDocument, createSignature, eventsOf, getSignature } from '../pledges/signatures.service.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createApp } from '../web/app.tsx';

// The moderators' signatures queue: who may see it, and each decision with its audit trail.

const PASSWORD = 'mot de passe solide';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

forEachDatabase('moderation of signatures', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: SeededSignatures;
  const errors: unknown[] = [];
  const outbox = join(mkdtempSync(join(tmpdir(), 'pacte-mod-')), 'outbox');
  let config: ReturnType<typeof loadConfig>;
  const client = () =>
    new TestClient(createApp({ connection: database().connection, config, logError: (e) => errors.push(e) }));
  const as = async (role: string) => {
    const c = client();
    assert.equal((await c.login(`${role}@example.org`, PASSWORD)).status, 303);
    return c;
  };
  const db = () => database().connection.db;

  before(async () => {
    smtp = await startSmtpServer();
    config = {
      ...loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test', SMTP_URL: smtp.url }),
      outboxDir: outbox,
    };
    for (const role of ['admin', 'moderator', 'coordinator', 'volunteer']) {
      await createUser(db(), { email: `${role}@example.org`, role, password: PASSWORD });
    }
    seeded = await seedSignatures(database().connection);
    const stored = await storeDocument(documentsDir(config), PDF);
    await attachDocument(db(), seeded.waiting, stored, null);
  });
  after(async () => {
    await smtp.close();
    assert.deepEqual(errors, []);
  });

  test('anonymous visitors go to /connexion; volunteers and coordinators are refused (403)', async () => {
    const id = seeded.waiting;
    const routes: [string, string, Record<string, string>?][] = [
      ['GET', '/moderation/signatures'],
      ['GET', `/moderation/signatures/${id}`],
      ['GET', `/moderation/signatures/${id}/document`],
      ['POST', `/moderation/signatures/${id}/publier`, { rattachement: 'actuel' }],
      ['POST', `/moderation/signatures/${id}/refuser`, { raison: 'non' }],
      ['POST', `/moderation/signatures/${id}/retirer`, { raison: 'non' }],
      ['POST', `/moderation/signatures/${id}/fusionner`, { garder: seeded.listSigned }],
    ];
    for (const [method, path, fields] of routes) {
      const anonymous = client();
      const response =
        method === 'GET' ? await anonymous.get(path) : await anonymous.post(path, fields ?? {}, '/connexion');
      assert.equal(response.status, 303, `${method} ${path} anonymous`);
      assert.match(response.headers.get('location') ?? '', /^\/connexion/);
      for (const role of ['volunteer', 'coordinator']) {
        const user = await as(role);
        const refused = method === 'GET' ? await user.get(path) : await user.post(path, fields ?? {}, '/');
        assert.equal(refused.status, 403, `${method} ${path} as ${role}`);
      }
    }
    assert.equal((await getSignature(db(), id))?.state, 'to_verify', 'nothing changed');
    const home = await (await as('volunteer')).get('/moderation');
    assert.equal(home.status, 403);
    const moderatorHome = await (await (await as('moderator')).get('/moderation')).text();
    assert.match(moderatorHome, /href="\/moderation\/signatures"/);
  });

  test('the queue shows what to verify with the proposed official match; the document is for moderators', async () => {
    const moderator = await as('moderator');
    const queue = textOf(await (await moderator.get('/moderation/signatures')).text());
    assert.match(queue, /à vérifier \(1\)/);
    assert.match(queue, /Maria DA SILVA/);
    assert.match(queue, /rattachée à Lens en commun probable/);
    const page = await moderator.get(`/moderation/signatures/${seeded.waiting}`);
    const text = textOf(await page.text());
    assert.match(text, /Lens en commun LDVG probable \(95 %\)/, 'the official list, the signatory among its members');
    assert.match(text, /Maria DA SILVA figure sur la liste, en position 3 Position saisie 1, position officielle 3/);
    assert.match(text, /Lens; demain LDVD douteux/);
    assert.match(text, new RegExp(SECRET_EMAILS[3] ?? ''), 'moderators see the private fields');
    assert.match(text, /Ouvrir le document \(PDF/);

    const document = await moderator.get(`/moderation/signatures/${seeded.waiting}/document`);
    assert.equal(document.status, 200);
    assert.equal(document.headers.get('content-type'), 'application/pdf');
    assert.equal(document.headers.get('content-disposition'), `inline; filename="signature-${seeded.waiting}.pdf"`);
    assert.equal(document.headers.get('cache-control'), 'private, no-store');
    assert.equal(document.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await document.arrayBuffer()), PDF);
    const download = await moderator.get(`/moderation/signatures/${seeded.waiting}/document?telecharger=1`);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal((await moderator.get(`/moderation/signatures/${seeded.listSigned}/document`)).status, 404);
  });

  test('verify & publish, re-linked to the official candidacy: audited with who and why, then public', async () => {
    const moderator = await as('moderator');
    const candidacy = await db()
      .selectFrom('candidacies')
      .select(['id', 'person_id'])
      .where('list_id', '=', seeded.listId)
      .where('position', '=', 3)
      .executeTakeFirstOrThrow();
    const bad = await moderator.post(`/moderation/signatures/${seeded.waiting}/publier`, { rattachement: 'pirate:x' });
    assert.equal(bad.status, 400);
    const done = await moderator.post(`/moderation/signatures/${seeded.waiting}/publier`, {
      rattachement: `candidature:${candidacy.id}`,
      note: 'Document et liste officielle conformes',
    });
    assert.equal(done.status, 303);
    const signature = await getSignature(db(), seeded.waiting);
    assert.equal(signature?.state, 'published');
    assert.equal(signature?.candidacyId, candidacy.id);
    assert.equal(signature?.personId, candidacy.person_id);
    const events = await eventsOf(db(), seeded.waiting);
    const moderatorUser = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'moderator@example.org')
      .executeTakeFirstOrThrow();
    assert.ok(events.some((e) => e.actor === moderatorUser.id && e.reason?.startsWith('Rattachement : liste')));
    const last = events.at(-1);
    assert.equal(last?.to, 'published');
    assert.equal(last?.actor, moderatorUser.id);
    assert.equal(last?.reason, 'Document et liste officielle conformes');
    const notice = textOf(await (await moderator.get(done.headers.get('location') ?? '')).text());
    assert.match(notice, /Signature vérifiée et publiée/);
    assert.match(notice, /Rattachement : liste .* → candidature/);
    assert.match(
      notice,
      /moderator@example\.org Document et liste officielle conformes/,
      'who, by email, in the history',
    );

    const directory = textOf(await (await client().get('/signataires')).text());
    assert.match(directory, /Maria DA SILVA/);
    const again = await moderator.post(`/moderation/signatures/${seeded.waiting}/publier`, { rattachement: 'actuel' });
    assert.equal(again.status, 409, 'already published: said so, nothing changes');
  });

  test('reject: a reason is required, then it is emailed to the signatory', async () => {
    const moderator = await as('moderator');
    const { signature } = await createSignature(db(), {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      communeInsee: '62498',
      fields: {
        listName: 'Lens demain',
        listPosition: '1',
        parties: '',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'DUBOIS',
        firstName: 'Théo',
        phone: '',
        email: 'theo.dubois@example.org',
        place: '',
        signedOn: '',
      },
      consentPublish: false,
      consentContact: false,
    });
    const empty = await moderator.post(`/moderation/signatures/${signature.id}/refuser`, { raison: '   ' });
    assert.equal(empty.status, 400);
    assert.match(textOf(await empty.text()), /Indiquez la raison du refus/);
    const reason = 'Le document envoyé n’est pas signé <b>.';
    const done = await moderator.post(`/moderation/signatures/${signature.id}/refuser`, { raison: reason });
    assert.equal(done.status, 303);
    assert.match(done.headers.get('location') ?? '', /fait=refusee$/);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['theo.dubois@example.org']);
    assert.match(mail.parsed.subject ?? '', /Votre signature n’a pas pu être publiée/);
    assert.ok(mail.parsed.text?.includes(reason));
    assert.ok(mail.parsed.html && !mail.parsed.html.includes('<b>.'), 'the reason is escaped in HTML');
    const events = await eventsOf(db(), signature.id);
    assert.equal(events.at(-1)?.to, 'rejected');
    assert.equal(events.at(-1)?.reason, reason);
  });

  test('merge duplicates: the same list signed twice, one kept, the other points to it', async () => {
    const moderator = await as('moderator');
    const second = await createSignature(db(), {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId: seeded.listId,
      fields: {
        listName: 'Lens en commun',
        listPosition: '1',
        parties: '',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'LEFÈBVRE',
        firstName: 'Anne-Sophie',
        phone: '',
        email: 'autre-adresse@example.org',
        place: '',
        signedOn: '',
      },
      consentPublish: true,
      consentContact: false,
    });
    const page = textOf(await (await moderator.get(`/moderation/signatures/${second.signature.id}`)).text());
    assert.match(page, /Doublons possibles/);
    const done = await moderator.post(`/moderation/signatures/${second.signature.id}/fusionner`, {
      garder: seeded.listSigned,
    });
    assert.equal(done.status, 303);
    const merged = await getSignature(db(), second.signature.id);
    assert.equal(merged?.mergedInto, seeded.listSigned);
    assert.equal(merged?.state, 'rejected');
    assert.match((await eventsOf(db(), second.signature.id)).at(-1)?.reason ?? '', /Doublon de la signature/);
    const moved = await client().get(`/signataires/${second.signature.id}`);
    assert.equal(moved.status, 301, 'the public address of a merged duplicate moves to the one kept');
    assert.equal(moved.headers.get('location'), `/signataires/${seeded.listSigned}`);
    const self = await moderator.post(`/moderation/signatures/${seeded.listSigned}/fusionner`, {
      garder: seeded.listSigned,
    });
    assert.equal(self.status, 409);
  });

  test('withdraw on request: reason required; the signature leaves the public pages', async () => {
    const moderator = await as('moderator');
    const empty = await moderator.post(`/moderation/signatures/${seeded.parisSigned}/retirer`, { raison: '' });
    assert.equal(empty.status, 400);
    const done = await moderator.post(`/moderation/signatures/${seeded.parisSigned}/retirer`, {
      raison: 'Courriel de la signataire du 3 mars demandant le retrait',
    });
    assert.equal(done.status, 303);
    assert.equal((await getSignature(db(), seeded.parisSigned))?.state, 'withdrawn');
    assert.equal((await client().get(`/signataires/${seeded.parisSigned}`)).status, 404);
    assert.doesNotMatch(await (await client().get('/signataires.csv')).text(), /Paris libre/);
  });
});
