import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';
import { type OutreachFixture, PASSWORD, seedOutreach } from './outreach.fixtures.ts';

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, '’')
    .replace(/\s+/g, ' ');
}

type Who = keyof OutreachFixture['users'];

forEachDatabase('outreach pages: permissions, workspace, contacts, responses, organisations', (database) => {
  const errors: unknown[] = [];
  // Uploaded documents go next to the outbox: a temporary folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'pacte-outreach-'));
  const outboxDir = join(dataDir, 'outbox');
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  let f: OutreachFixture;
  const clients = {} as Record<Who, TestClient>;
  const app = () =>
    createApp({
      connection: database().connection,
      config: { ...loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' }), outboxDir },
      logError: (e) => errors.push(e),
    });
  const anonymous = () => new TestClient(app());
  const lens = (n: number) => f.lists['62498']?.[n] ?? '';
  const lille = (n: number) => f.lists['59350']?.[n] ?? '';
  const listPath = (id: string) => `/espace/cibles/liste/${encodeURIComponent(id)}`;

  before(async () => {
    f = await seedOutreach(database().connection.db);
    for (const [who, user] of Object.entries(f.users) as [Who, { email: string }][]) {
      const client = new TestClient(app());
      const response = await client.login(user.email, PASSWORD);
      assert.equal(response.status, 303, `${who} signs in`);
      clients[who] = client;
    }
  });

  test('signed out: every private page and action goes to /connexion', async () => {
    const c = anonymous();
    for (const path of [
      '/espace',
      '/espace/relais',
      '/espace/relais/nouvelle',
      `/espace/relais/${f.organisationSlug}`,
      `/espace/relais/${f.organisationSlug}/coordination`,
      `/espace/relais/${f.organisationSlug}/contacts.csv`,
      listPath(lens(0)),
      '/moderation/reponses',
    ]) {
      const response = await c.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get('location'), `/connexion?suivant=${encodeURIComponent(path)}`);
    }
    const token = await c.csrfToken('/connexion');
    for (const path of ['/espace/reserver', `${listPath(lens(0))}/contacts`, '/moderation/reponses/x']) {
      const response = await c.post(path, { _csrf: token, type: 'list', id: lens(0) });
      assert.equal(response.status, 303, path);
      assert.match(response.headers.get('location') ?? '', /^\/connexion/);
    }
  });

  test('public pages of organisations: index, page, feed, snippet; no personal data', async () => {
    const c = anonymous();
    const index = await c.get('/relais');
    assert.equal(index.status, 200);
    assert.match(await index.text(), /Cliss XXI/);
    const page = await c.get(`/relais/${f.organisationSlug}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Lens \(62498\)/);
    assert.match(html, /<textarea id="encart" readonly/);
    assert.match(html, /&lt;a href=&quot;http:\/\/pacte.test\/relais\/cliss-xxi&quot;&gt;/);
    assert.equal((await c.get('/relais/inconnue')).status, 404);
    const en = await c.get(`/relais/${f.organisationSlug}?lang=en`);
    assert.match(await en.text(), /Contacts made/);
    const feed = await c.get(`/relais/${f.organisationSlug}/actions.atom`);
    assert.equal(feed.status, 200);
    assert.equal(feed.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.match(await feed.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  });

  test('workspace: zone only, filters, pagination text', async () => {
    const response = await clients.volunteer.get('/espace');
    assert.equal(response.status, 200);
    const text = textOf(await response.text());
    assert.match(text, /Lens liste 1/);
    assert.match(text, /Liévin liste 3/);
    assert.match(text, /Claude DEPUTE1/);
    assert.doesNotMatch(text, /Lille liste/);
    assert.match(text, /8 résultats/);
    const filtered = textOf(await (await clients.volunteer.get('/espace?commune=62510&nuance=ldvd')).text());
    assert.match(filtered, /1 résultat /);
    assert.match(filtered, /Liévin liste 3/);
    const everyone = textOf(await (await clients.volunteer.get('/espace?tous=1&eligibles=1')).text());
    assert.match(everyone, /20 résultats/);
    const outsider = textOf(await (await clients.outsider.get('/espace')).text());
    assert.match(outsider, /Lille liste 1/);
    assert.doesNotMatch(outsider, /Lens liste/);
  });

  test('reservations: held → clear message with who and until when; outside the zone → 403', async () => {
    const reserve = (who: Who, id: string) =>
      clients[who].post('/espace/reserver', { type: 'list', id, retour: '/espace' }, '/espace');
    const ok = await reserve('volunteer', lens(0));
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/espace');
    const held = await reserve('other', lens(0));
    assert.equal(held.status, 409);
    assert.match(
      textOf(await held.text()),
      /« Lens liste 1 » est déjà réservée par Bénédicte Bénévole jusqu’au \d+ \S+ 20\d\d\./,
    );
    const outside = await reserve('volunteer', lille(0));
    assert.equal(outside.status, 403);
    assert.match(textOf(await outside.text()), /hors de la zone de vos organisations/);
    const unknown = await reserve('volunteer', 'nope');
    assert.equal(unknown.status, 404);
    const page = textOf(await (await clients.other.get('/espace')).text());
    assert.match(page, /réservé par Bénédicte Bénévole jusqu’au/);
    // Someone else cannot release it.
    const release = await clients.other.post('/espace/liberer', { type: 'list', id: lens(0) }, '/espace');
    assert.equal(release.status, 403);
  });

  test('contact log: bad input re-displayed, outside zone and other people refused, optimistic version', async () => {
    const path = listPath(lens(0));
    const bad = await clients.volunteer.post(
      `${path}/contacts`,
      {
        channel: 'pigeon',
        contactedOn: '2026-02-31',
        notes: 'note gardée',
        nextStep: '',
        nextStepDue: '2026-01-01',
      },
      path,
    );
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /Choisissez le canal du contact/);
    assert.match(html, /Date invalide \(format attendu : AAAA-MM-JJ\)/);
    assert.match(html, /note gardée/);
    const outsider = await clients.outsider.post(
      `${listPath(lens(1))}/contacts`,
      {
        channel: 'telephone',
        contactedOn: '2026-01-10',
        notes: '',
        nextStep: '',
        nextStepDue: '',
      },
      '/espace',
    );
    assert.equal(outsider.status, 403);
    const heldByOther = await clients.other.post(
      `${path}/contacts`,
      {
        channel: 'telephone',
        contactedOn: '2026-01-10',
        notes: '',
        nextStep: '',
        nextStepDue: '',
      },
      '/espace',
    );
    assert.equal(heldByOther.status, 409);
    const ok = await clients.volunteer.post(
      `${path}/contacts`,
      {
        channel: 'telephone',
        contactedOn: '2026-01-10',
        notes: 'Appel à la permanence',
        nextStep: 'rappeler le candidat',
        nextStepDue: '2026-01-17',
      },
      path,
    );
    assert.equal(ok.status, 303);
    const contact = await database()
      .connection.db.selectFrom('contacts')
      .select(['id', 'version'])
      .where('target_id', '=', lens(0))
      .executeTakeFirstOrThrow();
    const editPath = `/espace/contacts/${contact.id}`;
    assert.equal((await clients.other.get(editPath)).status, 403);
    const foreignEdit = await clients.other.post(
      editPath,
      {
        version: '1',
        channel: 'courriel',
        contactedOn: '2026-01-10',
        notes: 'x',
        nextStep: '',
        nextStepDue: '',
      },
      '/espace',
    );
    assert.equal(foreignEdit.status, 403);
    const form = {
      channel: 'telephone',
      contactedOn: '2026-01-10',
      nextStep: 'rappeler le candidat',
      nextStepDue: '2026-01-17',
    };
    const first = await clients.volunteer.post(
      editPath,
      { ...form, version: '1', notes: 'depuis le bureau' },
      editPath,
    );
    assert.equal(first.status, 303);
    const second = await clients.volunteer.post(
      editPath,
      { ...form, version: '1', notes: 'depuis le téléphone' },
      editPath,
    );
    assert.equal(second.status, 409);
    const conflict = await second.text();
    assert.match(conflict, /modifié par ailleurs depuis que vous l’avez ouvert/);
    assert.match(conflict, /depuis le téléphone/, 'the edit is shown again, not lost silently');
    const foreignPage = await clients.outsider.get(path);
    assert.equal(foreignPage.status, 403, 'the contact log of another zone is not shown');
    assert.doesNotMatch(await foreignPage.text(), /depuis le bureau|Appel à la permanence/);
    const todo = textOf(await (await clients.volunteer.get('/espace')).text());
    assert.match(todo, /17 janvier 2026 en retard — rappeler le candidat : Lens liste 1/);
    const current = await database()
      .connection.db.selectFrom('contacts')
      .select('version')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    const done = await clients.volunteer.post(`${editPath}/fait`, { version: String(current.version) }, '/espace');
    assert.equal(done.status, 303);
    assert.doesNotMatch(textOf(await (await clients.volunteer.get('/espace')).text()), /rappeler le candidat : Lens/);
    assert.equal((await clients.other.post(`${editPath}/fait`, { version: '9' }, '/espace')).status, 403);
  });

  test('responses: validation, moderation queue by role, consent required, published on the list page', async () => {
    const path = listPath(lens(0));
    const bad = await clients.volunteer.post(
      `${path}/reponses`,
      {
        receivedOn: '',
        classification: '',
        level: '7',
        verbatim: 'texte gardé',
      },
      path,
    );
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /Saisissez la date de la réponse/);
    assert.match(badHtml, /Choisissez la classification/);
    assert.match(badHtml, /Le niveau d’engagement est 1, 2 ou 3/);
    assert.match(badHtml, /texte gardé/);
    const outside = await clients.outsider.post(
      `${path}/reponses`,
      {
        receivedOn: '2026-01-12',
        classification: 'refus',
        level: '',
        verbatim: 'Non.',
      },
      '/espace',
    );
    assert.equal(outside.status, 403);
    for (const [verbatim, consent] of [
      ['Nous sommes favorables au logiciel libre <script>alert(1)</script>', '1'],
      ['Réponse privée', ''],
    ] as const) {
      const ok = await clients.volunteer.post(
        `${path}/reponses`,
        {
          receivedOn: '2026-01-12',
          classification: 'favorable',
          level: '2',
          verbatim,
          ...(consent ? { consent } : {}),
        },
        path,
      );
      assert.equal(ok.status, 303);
    }
    for (const who of ['volunteer', 'orgCoordinator', 'coordinator'] as const) {
      assert.equal((await clients[who].get('/moderation/reponses')).status, 403, who);
      const post = await clients[who].post('/moderation/reponses/x', { decision: 'publier', version: '1' }, '/espace');
      assert.equal(post.status, 403, who);
    }
    const queue = await clients.moderator.get('/moderation/reponses');
    assert.equal(queue.status, 200);
    const queueHtml = await queue.text();
    assert.match(queueHtml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const rows = await database()
      .connection.db.selectFrom('responses')
      .select(['id', 'consent', 'version'])
      .orderBy('created_at')
      .execute();
    const withConsent = rows.find((r) => r.consent === 1);
    const without = rows.find((r) => r.consent !== 1);
    assert.ok(withConsent && without);
    const refused = await clients.moderator.post(
      `/moderation/reponses/${without.id}`,
      { decision: 'publier', version: '1' },
      '/moderation/reponses',
    );
    assert.equal(refused.status, 400);
    assert.match(textOf(await refused.text()), /le candidat n’a pas donné son accord/);
    const before = textOf(await (await anonymous().get(`/listes/${encodeURIComponent(lens(0))}`)).text());
    assert.doesNotMatch(before, /Nous sommes favorables/);
    const published = await clients.moderator.post(
      `/moderation/reponses/${withConsent.id}`,
      { decision: 'publier', version: '1' },
      '/moderation/reponses',
    );
    assert.equal(published.status, 303);
    const again = await clients.admin.post(
      `/moderation/reponses/${withConsent.id}`,
      { decision: 'refuser', version: '1' },
      '/moderation/reponses',
    );
    assert.equal(again.status, 409);
    const listPage = textOf(await (await anonymous().get(`/listes/${encodeURIComponent(lens(0))}`)).text());
    assert.match(listPage, /Nous sommes favorables au logiciel libre/);
    assert.doesNotMatch(listPage, /Réponse privée/);
    assert.doesNotMatch(listPage, /Appel à la permanence/, 'contact notes are never public');
  });

  test('a response with an uploaded document: checked by content, served by permission', async () => {
    const path = listPath(lens(1));
    const upload = async (who: Who, name: string, bytes: string, consent: boolean) => {
      const token = await clients[who].csrfToken(path);
      const form = new FormData();
      form.set('receivedOn', '2026-01-20');
      form.set('classification', 'signe');
      form.set('level', '3');
      form.set('verbatim', '');
      if (consent) form.set('consent', '1');
      form.set('document', new File([bytes], name, { type: 'application/pdf' }));
      // As a browser sends it: with its Content-Length.
      const encoded = new Request('http://pacte.test/', { method: 'POST', body: form });
      const body = await encoded.arrayBuffer();
      return clients[who].request(`${path}/reponses?_csrf=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: {
          'content-type': encoded.headers.get('content-type') ?? '',
          'content-length': String(body.byteLength),
        },
        body,
      });
    };
    const fake = await upload('volunteer', 'lettre.pdf', 'ceci n’est pas un PDF', true);
    assert.equal(fake.status, 400);
    assert.match(await fake.text(), /ni un PDF, ni une image JPEG ou PNG/);
    const ok = await upload('volunteer', 'Réponse de la liste.pdf', '%PDF-1.4\n% test\n', true);
    assert.equal(ok.status, 303);
    const row = await database()
      .connection.db.selectFrom('responses')
      .select(['id', 'document_name', 'version'])
      .where('target_id', '=', lens(1))
      .executeTakeFirstOrThrow();
    assert.equal(row.document_name, 'Réponse de la liste.pdf');
    const url = `/reponses/${row.id}/document`;
    const own = await clients.volunteer.get(url);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('content-type'), 'application/pdf');
    assert.match(own.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.match(await own.text(), /^%PDF-1\.4/);
    assert.equal((await anonymous().get(url)).status, 303, 'not public before moderation');
    assert.equal((await clients.outsider.get(url)).status, 403, 'outside the zone');
    assert.equal((await clients.moderator.get(url)).status, 200);
    const publish = await clients.moderator.post(
      `/moderation/reponses/${row.id}`,
      { decision: 'publier', version: String(row.version) },
      '/moderation/reponses',
    );
    assert.equal(publish.status, 303);
    assert.equal((await anonymous().get(url)).status, 200, 'public once published with consent');
    const list = await (await anonymous().get(`/listes/${encodeURIComponent(lens(1))}`)).text();
    assert.match(list, new RegExp(`href="/reponses/${row.id}/document"`));
  });

  test('organisation management by role', async () => {
    const manage = `/espace/relais/${f.organisationSlug}`;
    const expected: Record<Who, number> = {
      volunteer: 403,
      other: 403,
      outsider: 403,
      orgCoordinator: 200,
      coordinator: 200,
      moderator: 403,
      admin: 200,
    };
    for (const [who, status] of Object.entries(expected) as [Who, number][]) {
      assert.equal((await clients[who].get(manage)).status, status, `${who} GET ${manage}`);
      assert.equal((await clients[who].get(`${manage}/coordination`)).status, status, `${who} coordination`);
      assert.equal((await clients[who].get(`${manage}/contacts.csv`)).status, status, `${who} csv`);
      const post = await clients[who].post(`${manage}/zone`, { zone: '62498' }, '/espace');
      assert.equal(post.status, status === 200 ? 303 : 403, `${who} POST zone`);
      const member = await clients[who].post(
        `${manage}/membres`,
        { memberEmail: 'autre@example.org', memberRole: 'member' },
        '/espace',
      );
      assert.equal(member.status, status === 200 ? 303 : 403, `${who} POST member`);
      const create = await clients[who].get('/espace/relais/nouvelle');
      assert.equal(create.status, who === 'coordinator' || who === 'admin' ? 200 : 403, `${who} create`);
    }
    // Restore the zone (dep:62) for the next tests.
    assert.equal((await clients.admin.post(`${manage}/zone`, { zone: '62498\n62510\ndep:62' }, manage)).status, 303);
  });

  test('organisation forms: bad input re-displayed in French', async () => {
    const bad = await clients.coordinator.post(
      '/espace/relais/nouvelle',
      {
        name: '',
        kind: 'club',
        website: 'javascript:alert(1)',
        description: 'gardée',
      },
      '/espace/relais/nouvelle',
    );
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /Saisissez le nom de l’organisation/);
    assert.match(html, /Choisissez le type d’organisation/);
    assert.match(html, /Adresse de site invalide/);
    assert.match(html, /gardée/);
    const created = await clients.coordinator.post(
      '/espace/relais/nouvelle',
      {
        name: 'Club Linux d’Arras',
        kind: 'lug',
        website: 'https://linux-arras.example',
        description: '',
      },
      '/espace/relais/nouvelle',
    );
    assert.equal(created.status, 303);
    const slug = created.headers.get('location')?.split('/').at(-1) ?? '';
    assert.equal(slug, 'club-linux-d-arras');
    const zone = await clients.coordinator.post(
      `/espace/relais/${slug}/zone`,
      { zone: '62041\n99999\nepci:123' },
      `/espace/relais/${slug}`,
    );
    assert.equal(zone.status, 400);
    const zoneHtml = await zone.text();
    assert.match(zoneHtml, /Commune inconnu\(e\) : 99999\./);
    assert.match(zoneHtml, /99999/);
    const member = await clients.coordinator.post(
      `/espace/relais/${slug}/membres`,
      { memberEmail: 'personne@example.org', memberRole: 'member' },
      `/espace/relais/${slug}`,
    );
    assert.equal(member.status, 400);
    assert.match(await member.text(), /Aucun compte pour « personne@example.org »/);
  });

  test('coordination: coverage, activity, unassigned; CSV personal data only for coordinator+', async () => {
    const page = textOf(
      await (await clients.orgCoordinator.get(`/espace/relais/${f.organisationSlug}/coordination`)).text(),
    );
    assert.match(page, /1 cibles contactées sur 8/);
    assert.match(page, /Bénédicte Bénévole 1 3/);
    assert.match(page, /Têtes de liste sans bénévole/);
    assert.match(page, /sans les données personnelles/);
    const csv = await clients.orgCoordinator.get(`/espace/relais/${f.organisationSlug}/contacts.csv`);
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const limited = bytes.toString('utf8').slice(1);
    assert.match(
      limited,
      /^date,canal,scrutin,cible,organisation,livraison\r\n2026-01-10,Téléphone,Lens,Lens liste 1,Cliss XXI,\r\n$/,
    );
    const full = await (await clients.coordinator.get(`/espace/relais/${f.organisationSlug}/contacts.csv`)).text();
    assert.match(full, /courriel_benevole,notes/);
    assert.match(full, /benevole@example.org,depuis le bureau,rappeler le candidat,2026-01-17/);
  });

  test('reservation length: an admin setting, validated, used by the next reservation', async () => {
    for (const who of ['volunteer', 'orgCoordinator', 'coordinator', 'moderator'] as const) {
      assert.equal((await clients[who].get('/admin/espace')).status, 403, who);
      assert.equal((await clients[who].post('/admin/espace', { days: '3' }, '/espace')).status, 403, who);
    }
    const page = await clients.admin.get('/admin/espace');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /value="7"/);
    const bad = await clients.admin.post('/admin/espace', { days: 'sept' }, '/admin/espace');
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /Saisissez un nombre entier de jours entre 1 et 90/);
    assert.match(badHtml, /value="sept"/);
    assert.equal((await clients.admin.post('/admin/espace', { days: '3' }, '/admin/espace')).status, 303);
    const ok = await clients.other.post(
      '/espace/reserver',
      { type: 'list', id: lens(2), retour: '/espace' },
      '/espace',
    );
    assert.equal(ok.status, 303);
    const row = await database()
      .connection.db.selectFrom('reservations')
      .select('expires_at')
      .where('target_id', '=', lens(2))
      .executeTakeFirstOrThrow();
    const days = (Date.parse(row.expires_at ?? '') - Date.now()) / 86_400_000;
    assert.ok(days > 2.9 && days <= 3, `expires in ${days} days`);
  });

  test('every role on the workspace: who may reserve where', async () => {
    // Liévin liste 2 is free; each role tries it in turn (the first one allowed takes it).
    const expected: Record<Who, number> = {
      outsider: 403, // member of an organisation of the Nord only
      moderator: 403, // no organisation: an empty zone
      volunteer: 303,
      other: 409, // held by the volunteer now
      orgCoordinator: 409,
      coordinator: 409,
      admin: 409,
    };
    for (const [who, status] of Object.entries(expected) as [Who, number][]) {
      assert.equal((await clients[who].get('/espace')).status, 200, `${who} GET /espace`);
      const response = await clients[who].post(
        '/espace/reserver',
        { type: 'list', id: f.lists['62510']?.[1] ?? '', retour: '/espace' },
        '/espace',
      );
      assert.equal(response.status, status, `${who} reserves`);
    }
    // Admins act everywhere, even outside every organisation's zone.
    const admin = await clients.admin.post(
      '/espace/reserver',
      { type: 'list', id: lille(2), retour: '/espace' },
      '/espace',
    );
    assert.equal(admin.status, 303);
    // A coordinator may release someone else's reservation; a volunteer may not (tested above).
    const released = await clients.coordinator.post(
      '/espace/liberer',
      { type: 'list', id: f.lists['62510']?.[1] ?? '', retour: '/espace' },
      '/espace',
    );
    assert.equal(released.status, 303);
  });

  test('no unexpected server error', () => {
    assert.deepEqual(errors, []);
  });
});
