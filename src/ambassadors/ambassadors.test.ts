import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { createMailer } from '../mail/mailer.ts';
import { lettersPdf } from '../outreach/letters/letter-pdf.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../outreach/organisations.service.ts';
import { HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../pledges/form-guard.ts';
import { getCommune } from '../territories/territories.service.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createApp } from '../web/app.tsx';
import { insertMayors } from './ambassadors.fixtures.ts';
import { setAmbassador, setAmbassadorZone } from './ambassadors.service.ts';
import { prepareMailing } from './mailing.service.ts';
import { sendReminders } from './reminders.service.ts';
import { emptyRequest, type RequestValues } from './request.form.ts';
import {
  type Actor,
  assignRequest,
  changeState,
  confirmRequest,
  findRequest,
  RequestError,
  requestEvents,
  saveVisitReport,
  submitRequest,
} from './requests.service.ts';
import { applyRetention } from './retention.service.ts';
import { proposeOrganisation } from './routing.service.ts';

const PASSWORD = 'mot de passe solide';
const BASE = 'http://pacte.test';

function request(commune: string, email: string, extra: Partial<RequestValues> = {}): RequestValues {
  return {
    ...emptyRequest(),
    commune,
    contactName: 'Claire Martin',
    contactRole: 'Secrétaire de mairie',
    email,
    phone: '03 21 00 00 00',
    periods: 'les mardis',
    interests: ['bureautique', 'ecoles'],
    ...extra,
  };
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

forEachDatabase('ambassadors: requests, routing, pipeline, reports, mailing', (database) => {
  const db = () => database().connection.db;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: ReturnType<typeof createMailer>;
  const ids: Record<string, string> = {};
  const actors: Record<string, Actor> = {};
  let lensEpci = '';
  const dir = mkdtempSync(join(tmpdir(), 'pacte-ambassadors-'));

  before(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: dir, mailFrom: 'Pacte <noreply@pacte.test>' });
  });
  after(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Mails received so far, taken off the server's list. */
  function takeMails() {
    return smtp.received.splice(0);
  }

  test('set up organisations at commune, EPCI and département level, with ambassadors', async () => {
    for (const [key, role] of [
      ['coord', 'coordinator'],
      ['lensAmb', 'volunteer'],
      ['epciAmb', 'volunteer'],
      ['depAmb', 'volunteer'],
      ['lilleAmb', 'volunteer'],
      ['outsider', 'volunteer'],
      ['admin', 'admin'],
    ] as const) {
      const user = await createUser(db(), { email: `${key.toLowerCase()}@example.org`, role, password: PASSWORD });
      actors[key] = { id: user.id, email: user.email, role };
    }
    const lens = await getCommune(db(), '62498');
    lensEpci = lens?.intercommunalities.find((i) => i.kind !== 'EPT')?.code ?? '';
    assert.ok(lensEpci, 'Lens belongs to an EPCI');
    const orgs = [
      ['lens', 'Lens Libre', '62498', 'lensAmb'],
      ['epci', 'GULL de l’agglo', `epci:${lensEpci}`, 'epciAmb'],
      ['dep', 'Libre 62', 'dep:62', 'depAmb'],
      ['lille', 'Chtinux', 'dep:59', 'lilleAmb'],
      ['empty', 'Sans ambassadeur', 'dep:13', undefined],
    ] as const;
    for (const [key, name, zone, member] of orgs) {
      const created = await createOrganisation(db(), { name, kind: 'lug', website: '', description: '' });
      assert.ok(created.ok);
      ids[key] = created.organisation.id;
      assert.deepEqual(await setOrganisationZone(db(), created.organisation.id, zone), { ok: true, count: 1 });
      if (member) {
        await setMember(db(), created.organisation.id, actors[member]?.id as string, 'member');
        await setAmbassador(db(), created.organisation.id, actors[member]?.id as string, true);
      }
    }
    // Chtinux's ambassador covers Lille only, not the whole of its organisation's zone.
    assert.deepEqual(await setAmbassadorZone(db(), ids.lille as string, actors.lilleAmb?.id as string, '59350'), {
      ok: true,
    });
    assert.deepEqual(await setAmbassadorZone(db(), ids.lille as string, actors.lilleAmb?.id as string, '99999'), {
      ok: false,
      error: 'Commune inconnu(e) : 99999.',
    });
  });

  test('routing: commune, then EPCI, then département, then neighbouring département, else nobody', async () => {
    const lens = await proposeOrganisation(db(), '62498');
    assert.deepEqual([lens?.organisationName, lens?.level], ['Lens Libre', 'commune']);
    const lievin = await proposeOrganisation(db(), '62510');
    assert.deepEqual([lievin?.organisationName, lievin?.level], ['GULL de l’agglo', 'epci']);
    const arras = await proposeOrganisation(db(), '62041');
    assert.deepEqual([arras?.organisationName, arras?.level], ['Libre 62', 'departement']);
    const amiens = await proposeOrganisation(db(), '80021');
    assert.deepEqual([amiens?.organisationName, amiens?.level], ['Libre 62', 'voisin']);
    const lille = await proposeOrganisation(db(), '59350');
    assert.deepEqual([lille?.organisationName, lille?.level], ['Chtinux', 'commune']);
    // Roubaix (Nord): Chtinux's only ambassador covers Lille, so the neighbouring Pas-de-Calais group is proposed.
    const roubaix = await proposeOrganisation(db(), '59512');
    assert.deepEqual([roubaix?.organisationName, roubaix?.level], ['Libre 62', 'voisin']);
    // Marseille: an organisation covers the département but has no ambassador; nobody near.
    assert.equal(await proposeOrganisation(db(), '13055'), undefined);
  });

  test('a request is confirmed by email, routed, assigned, followed to the end; every step logged', async () => {
    takeMails();
    const submitted = await submitRequest(db(), mailer, {
      values: request('62510', 'Mairie@Lievin.example'),
      baseUrl: BASE,
    });
    assert.ok(submitted.ok && !submitted.joined);
    const confirmation = await smtp.nextMail();
    assert.deepEqual(confirmation.envelope.to, ['mairie@lievin.example']);
    assert.match(confirmation.parsed.subject ?? '', /Confirmez votre demande de visite — Liévin/);
    const link = /http:\/\/pacte\.test\/mairies\/demande-visite\/confirmer\/([A-Za-z0-9_-]{43})/.exec(
      confirmation.parsed.text ?? '',
    );
    assert.ok(link?.[1], 'the email carries the confirmation link');
    const token = link[1];
    const id = submitted.request.id;
    const confirmed = await confirmRequest(db(), mailer, token, BASE);
    assert.equal(confirmed.status, 'confirmed');
    let row = await findRequest(db(), id);
    assert.equal(row?.proposed_organisation_id, ids.epci);
    assert.equal(row?.proposed_level, 'epci');
    assert.equal(row?.state, 'demandee');
    assert.equal((await confirmRequest(db(), mailer, token, BASE)).status, 'already');

    // Volunteers may not assign; the coordinator confirms the proposal, the organisation is emailed.
    await assert.rejects(
      assignRequest(db(), mailer, actors.epciAmb as Actor, id, ids.epci as string, BASE),
      RequestError,
    );
    await assignRequest(db(), mailer, actors.coord as Actor, id, ids.epci as string, BASE);
    const assigned = await smtp.nextMail();
    assert.deepEqual(assigned.envelope.to, ['epciamb@example.org']);
    assert.match(assigned.parsed.subject ?? '', /Visite d’ambassadeur demandée : mairie de Liévin/);
    const body = assigned.parsed.text ?? '';
    assert.match(body, /Claire Martin \(Secrétaire de mairie\)/);
    assert.match(body, /mairie@lievin\.example/);
    assert.match(body, /03 21 00 00 00/);
    assert.match(body, new RegExp(`/espace/ambassadeurs/demandes/${id}`));

    // Someone outside the organisation cannot move it; the ambassador can.
    await assert.rejects(changeState(db(), actors.outsider as Actor, id, 'rdv_fixe', { appointmentOn: '2026-12-01' }), {
      message: 'Vous ne suivez pas cette demande.',
    });
    await assert.rejects(changeState(db(), actors.epciAmb as Actor, id, 'rdv_fixe'), {
      message: 'Indiquez la date du rendez-vous (jj/mm/aaaa).',
    });
    await assert.rejects(changeState(db(), actors.epciAmb as Actor, id, 'suivie'), {
      message: 'Passage impossible de « attribuée » à « suivie ».',
    });
    await changeState(db(), actors.epciAmb as Actor, id, 'rdv_fixe', { appointmentOn: '2026-11-20', note: 'Appel' });
    const report = await saveVisitReport(db(), actors.epciAmb as Actor, id, {
      visitedOn: '2026-11-20',
      items: ['kit-1', 'kit-2', 'unknown'],
      documentation: true,
      usbKey: true,
      liveSystem: false,
      interests: 'LibreOffice pour le secrétariat',
      nextSteps: 'Rappeler en janvier',
    });
    assert.deepEqual(report, { ok: true });
    row = await findRequest(db(), id);
    assert.equal(row?.state, 'visitee');
    assert.equal(row?.visited_on, '2026-11-20');
    assert.equal(row?.ambassador_user_id, actors.epciAmb?.id);
    const items = await db()
      .selectFrom('visit_report_items')
      .select('kit_item_id')
      .where('request_id', '=', id)
      .execute();
    assert.deepEqual(items.map((i) => i.kit_item_id).sort(), ['kit-1', 'kit-2']);
    await changeState(db(), actors.epciAmb as Actor, id, 'suivie');
    const events = await requestEvents(db(), id);
    assert.deepEqual(
      events.map((e) => [e.kind, e.actor_label, e.to_state]),
      [
        ['created', 'mairie', 'demandee'],
        ['confirmed', 'mairie', null],
        ['assigned', 'coord@example.org', 'attribuee'],
        ['state', 'epciamb@example.org', 'rdv_fixe'],
        ['state', 'epciamb@example.org', 'visitee'],
        ['state', 'epciamb@example.org', 'suivie'],
      ],
    );
    assert.ok(events.every((e) => /^\d{4}-\d{2}-\d{2}T/.test(e.at)));
  });

  test('a second request for the same mairie joins the open one and the mairie is told', async () => {
    takeMails();
    const first = await submitRequest(db(), mailer, {
      values: request('62041', 'mairie@arras.example'),
      baseUrl: BASE,
    });
    assert.ok(first.ok);
    await smtp.nextMail();
    const second = await submitRequest(db(), mailer, {
      values: request('62041', 'maire@arras.example', {
        contactName: 'Paul Durand',
        contactRole: 'Maire',
        interests: ['serveurs'],
        hasPolicy: true,
        policyDescription: 'Nos serveurs tournent sous Debian.',
        policyLinks: 'https://arras.example/libre',
      }),
      baseUrl: BASE,
    });
    assert.ok(second.ok && second.joined);
    assert.equal(second.request.id, first.ok ? first.request.id : '');
    const told = await smtp.nextMail();
    assert.deepEqual(told.envelope.to, ['maire@arras.example']);
    assert.match(told.parsed.subject ?? '', /Une demande de visite est déjà en cours — Arras/);
    const count = await db()
      .selectFrom('visit_requests')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('commune_insee', '=', '62041')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
    const joined = await findRequest(db(), second.request.id);
    assert.deepEqual(JSON.parse(joined?.interests ?? '[]'), ['bureautique', 'ecoles', 'serveurs']);
    assert.equal(joined?.policy_state, 'pending');
    const events = await requestEvents(db(), second.request.id);
    assert.match(events.at(-1)?.note ?? '', /Paul Durand \(Maire\), maire@arras\.example/);
  });

  test('nobody near: kept « à attribuer », coordinators alerted by email', async () => {
    takeMails();
    const submitted = await submitRequest(db(), mailer, {
      values: request('13055', 'mairie@marseille.example'),
      baseUrl: BASE,
    });
    assert.ok(submitted.ok);
    const mail = await smtp.nextMail();
    const token = /confirmer\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1] as string;
    const confirmed = await confirmRequest(db(), mailer, token, BASE);
    assert.ok(confirmed.status === 'confirmed' && confirmed.toAssign);
    const alerts = [await smtp.nextMail(), await smtp.nextMail()];
    assert.deepEqual(alerts.map((a) => a.envelope.to[0]).sort(), ['admin@example.org', 'coord@example.org']);
    assert.match(alerts[0]?.parsed.subject ?? '', /Demande de visite à attribuer — Marseille/);
    const row = await findRequest(db(), submitted.request.id);
    assert.equal(row?.state, 'demandee');
    assert.equal(row?.proposed_organisation_id, null);
  });

  test('an expired confirmation link is refused', async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    const submitted = await submitRequest(db(), mailer, {
      values: request('62119', 'mairie@bethune.example'),
      baseUrl: BASE,
      now: old,
    });
    assert.ok(submitted.ok);
    const mail = await smtp.nextMail();
    const token = /confirmer\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1] as string;
    assert.equal((await confirmRequest(db(), mailer, token, BASE)).status, 'expired');
    assert.equal((await confirmRequest(db(), mailer, 'x'.repeat(43), BASE)).status, 'unknown');
  });

  test('reminders go to the organisation or the coordinators when a request waits too long', async () => {
    takeMails();
    const long = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await db().updateTable('visit_requests').set({ state_since: long }).where('commune_insee', '=', '13055').execute();
    const summary = await sendReminders(db(), mailer, { baseUrl: BASE });
    assert.deepEqual(summary, { requests: 1, emails: 2 });
    const mails = takeMails();
    assert.match(mails[0]?.parsed.subject ?? '', /Relance : demande de visite de Marseille en attente/);
    assert.deepEqual(
      await sendReminders(db(), mailer, { baseUrl: BASE }),
      { requests: 0, emails: 0 },
      'once per delay',
    );
  });

  test('letters to every mayor of a département, then the reminder letter to those who did not ask', async () => {
    await insertMayors(db());
    const sender = {
      organisationName: 'Libre 62',
      address: '1 rue du Libre\n62300 Lens',
      signature: '',
      place: 'Lens',
    };
    const refused = await prepareMailing(db(), {
      departement: '62',
      kind: 'relance',
      sender,
      actorId: actors.coord?.id as string,
      baseUrl: BASE,
    });
    assert.deepEqual(refused, {
      ok: false,
      errors: { form: 'Aucun premier courrier n’a été produit pour ce département : pas de relance possible.' },
    });
    const initial = await prepareMailing(db(), {
      departement: '62',
      kind: 'initial',
      sender,
      actorId: actors.coord?.id as string,
      baseUrl: BASE,
    });
    assert.ok(initial.ok);
    assert.equal(initial.letters.length, 3);
    const pdfFile = join(dir, 'courrier.pdf');
    writeFileSync(pdfFile, await lettersPdf(initial.letters));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    assert.match(text, /Madame la Maire,/);
    assert.match(text, /Monsieur le Maire,/);
    assert.match(text, /Marie DUPONT/);
    assert.match(text, /Mairie de Lens/);
    assert.match(text, /demande-visite\?commune=62498/);
    // Arras's mairie confirms its request; Lens (no request) and Béthune (never confirmed) get the reminder.
    await db()
      .updateTable('visit_requests')
      .set({ confirmed_at: new Date().toISOString() })
      .where('commune_insee', '=', '62041')
      .execute();
    const relance = await prepareMailing(db(), {
      departement: '62',
      kind: 'relance',
      sender,
      actorId: actors.coord?.id as string,
      baseUrl: BASE,
    });
    assert.ok(relance.ok);
    assert.deepEqual(relance.letters.map((l) => l.recipientKey).sort(), ['62119', '62498']);
    assert.match(relance.letters[0]?.paragraphs[1] ?? '', /Nous vous avons écrit le /);
  });

  test('HTTP: the public form refuses an unknown commune keeping the values, then records a request', async () => {
    const { app } = makeApp();
    const c = new TestClient(app);
    const page = await c.get('/mairies/demande-visite?commune=62510');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /value="Liévin"/);
    const stamp = issueFormStamp(await ensureSessionSecret(db()), 'demande-visite', Date.now() - 10_000);
    const fields = {
      [STAMP_FIELD]: stamp,
      commune_q: 'Zzzyxville',
      contact_name: 'Zoé Petit',
      contact_role: 'Adjointe',
      email: 'mairie@example.org',
      phone: '0321000000',
      periods: 'janvier',
      interests: 'ecoles',
    };
    const refused = await c.post('/mairies/demande-visite', fields, '/mairies/demande-visite');
    assert.equal(refused.status, 400);
    const html = await refused.text();
    assert.match(
      textOf(html),
      /Commune inconnue : « Zzzyxville »\. Vérifiez l’orthographe ou saisissez le code postal\./,
    );
    assert.match(html, /value="Zoé Petit"/);
    assert.match(html, /value="ecoles" checked=""/);
    const ambiguous = await c.post(
      '/mairies/demande-visite',
      { ...fields, commune_q: '62300' },
      '/mairies/demande-visite',
    );
    assert.equal(ambiguous.status, 400);
    assert.match(textOf(await ambiguous.text()), /Plusieurs communes correspondent/);
    const ok = await c.post(
      '/mairies/demande-visite',
      { ...fields, commune_q: 'Hénin-Beaumont' },
      '/mairies/demande-visite',
    );
    assert.equal(ok.status, 200);
    assert.match(textOf(await ok.text()), /Demande enregistrée/);
    const stored = await db().selectFrom('visit_requests').selectAll().where('commune_insee', '=', '62427').execute();
    assert.equal(stored.length, 1);
    const tooFast = await c.post(
      '/mairies/demande-visite',
      { ...fields, [STAMP_FIELD]: issueFormStamp(await ensureSessionSecret(db()), 'demande-visite') },
      '/mairies/demande-visite',
    );
    assert.equal(tooFast.status, 400);
    assert.match(textOf(await tooFast.text()), /envoyé trop vite/);
  });

  test('HTTP: the emailed link confirms only on POST; a robot filling the honeypot gets nothing recorded; rate limit', async () => {
    const { app } = makeApp();
    const c = new TestClient(app);
    const mail = takeMails().find((m) => m.envelope.to[0] === 'mairie@example.org') ?? (await smtp.nextMail());
    const path = /\/mairies\/demande-visite\/confirmer\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')?.[0] as string;
    assert.ok(path);
    const shown = await c.get(path);
    assert.equal(shown.status, 200);
    assert.match(await shown.text(), /Confirmer la demande/);
    const henin = () =>
      db().selectFrom('visit_requests').selectAll().where('commune_insee', '=', '62427').executeTakeFirstOrThrow();
    assert.equal((await henin()).confirmed_at, null, 'opening the link confirms nothing');
    const confirmed = await c.post(path, {});
    assert.equal(confirmed.status, 200);
    assert.match(textOf(await confirmed.text()), /Demande confirmée/);
    assert.ok((await henin()).confirmed_at);
    const secret = await ensureSessionSecret(db());
    const fields = {
      [STAMP_FIELD]: issueFormStamp(secret, 'demande-visite', Date.now() - 10_000),
      [HONEYPOT_FIELD]: 'http://spam.example',
      commune: '62893',
      contact_name: 'Robot',
      contact_role: 'Robot',
      email: 'robot@example.org',
      phone: '0321000000',
    };
    const robot = await c.post('/mairies/demande-visite', fields, '/mairies/demande-visite');
    assert.equal(robot.status, 200);
    const none = await db()
      .selectFrom('visit_requests')
      .select('id')
      .where('email', '=', 'robot@example.org')
      .execute();
    assert.equal(none.length, 0);
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      const r = await c.post(
        '/mairies/demande-visite',
        { ...fields, [HONEYPOT_FIELD]: '', commune_q: 'Zzzyxville', commune: '' },
        '/mairies/demande-visite',
      );
      status = r.status;
      if (status === 429)
        assert.match(textOf(await r.text()), /Trop de demandes ont été envoyées depuis votre connexion/);
    }
    assert.equal(status, 429, 'the eleventh request within the hour is refused');
  });

  test('HTTP: coordinator pages refuse anonymous visitors and volunteers', async () => {
    const { app } = makeApp();
    const anonymous = new TestClient(app);
    const redirected = await anonymous.get('/espace/ambassadeurs/coordination');
    assert.equal(redirected.status, 303);
    assert.match(redirected.headers.get('location') ?? '', /^\/connexion/);
    const volunteer = new TestClient(app);
    await volunteer.login('outsider@example.org', PASSWORD);
    for (const path of [
      '/espace/ambassadeurs/coordination',
      '/espace/ambassadeurs/kit',
      '/espace/ambassadeurs/courrier',
    ]) {
      assert.equal((await volunteer.get(path)).status, 403, path);
    }
    const marseille = await db()
      .selectFrom('visit_requests')
      .select('id')
      .where('commune_insee', '=', '13055')
      .executeTakeFirstOrThrow();
    assert.equal((await volunteer.get(`/espace/ambassadeurs/demandes/${marseille.id}`)).status, 403);
    const refused = await volunteer.post(
      `/espace/ambassadeurs/demandes/${marseille.id}/attribuer`,
      { organisation: ids.dep as string },
      '/espace/ambassadeurs',
    );
    assert.equal(refused.status, 403);
    assert.equal((await findRequest(db(), marseille.id))?.organisation_id, null);
    const coordinator = new TestClient(app);
    await coordinator.login('coord@example.org', PASSWORD);
    const page = await coordinator.get(`/espace/ambassadeurs/demandes/${marseille.id}`);
    assert.equal(page.status, 200);
    const assigned = await coordinator.post(
      `/espace/ambassadeurs/demandes/${marseille.id}/attribuer`,
      { organisation: ids.dep as string },
      `/espace/ambassadeurs/demandes/${marseille.id}`,
    );
    assert.equal(assigned.status, 303);
    assert.equal((await findRequest(db(), marseille.id))?.organisation_id, ids.dep);
    const mine = await (async () => {
      const member = new TestClient(app);
      await member.login('depamb@example.org', PASSWORD);
      return textOf(await (await member.get('/espace/ambassadeurs')).text());
    })();
    assert.match(mine, /Marseille \(13\)/);
  });

  test('HTTP: the public page and its exports show communes, dates and organisations, no personal data', async () => {
    const { app } = makeApp();
    const c = new TestClient(app);
    const arras = await db()
      .selectFrom('visit_requests')
      .select('id')
      .where('commune_insee', '=', '62041')
      .executeTakeFirstOrThrow();
    const page = await c.get('/ambassadeurs');
    assert.equal(page.status, 200);
    const html = await page.text();
    const text = textOf(html);
    assert.match(text, /Mairies visitées \(1\)/);
    assert.match(text, /Liévin Pas-de-Calais \(62\) 20 novembre 2026/);
    assert.match(text, /GULL de l’agglo/);
    assert.doesNotMatch(html, /lievin\.example|Claire Martin|03 21 00 00 00|Arras.*Debian/s);
    // The Arras policy is published only after moderation.
    assert.doesNotMatch(textOf(await (await c.get('/ambassadeurs')).text()), /Debian/);
    const moderator = new TestClient(app);
    await moderator.login('coord@example.org', PASSWORD);
    const published = await moderator.post(
      `/espace/ambassadeurs/demandes/${arras.id}/politique`,
      { decision: 'publier' },
      `/espace/ambassadeurs/demandes/${arras.id}`,
    );
    assert.equal(published.status, 303);
    assert.match(textOf(await (await c.get('/ambassadeurs')).text()), /Nos serveurs tournent sous Debian\./);
    const json = (await (await c.get('/ambassadeurs.json')).json()) as
      | Record<string, unknown>[]
      | { donnees?: unknown };
    const rows = (
      Array.isArray(json) ? json : ((json as { donnees: Record<string, unknown>[] }).donnees ?? [])
    ) as Record<string, unknown>[];
    const lievin = rows.find((r) => r.code_insee === '62510');
    assert.equal(lievin?.etape, 'visitée');
    assert.equal(lievin?.visitee_le, '2026-11-20');
    assert.ok(!JSON.stringify(json).includes('@'), 'no email in the export');
    const csv = await (await c.get('/ambassadeurs.csv')).text();
    assert.match(csv, /Code INSEE/);
    assert.match(csv, /62510/);
    const ods = await c.get('/ambassadeurs.ods');
    assert.equal(ods.headers.get('content-type'), 'application/vnd.oasis.opendocument.spreadsheet');
  });

  test('HTTP: the coordinator downloads the letters to the mayors as PDF and as a ZIP of ODT files', async () => {
    const { app } = makeApp();
    const coordinator = new TestClient(app);
    await coordinator.login('coord@example.org', PASSWORD);
    const form = await coordinator.get('/espace/ambassadeurs/courrier?departement=62');
    assert.equal(form.status, 200);
    const fields = {
      departement: '62',
      kind: 'initial',
      organisationName: 'Libre 62',
      address: '',
      signature: '',
      place: 'Lens',
    };
    const refused = await coordinator.post(
      '/espace/ambassadeurs/courrier',
      { ...fields, organisationName: '' },
      '/espace/ambassadeurs/courrier',
    );
    assert.equal(refused.status, 400);
    assert.match(textOf(await refused.text()), /Indiquez l’organisation qui écrit\./);
    const pdf = await coordinator.post(
      '/espace/ambassadeurs/courrier',
      { ...fields, format: 'pdf' },
      '/espace/ambassadeurs/courrier',
    );
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const file = join(dir, 'http.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    assert.match(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }), /Jean LEROY/);
    const odt = await coordinator.post(
      '/espace/ambassadeurs/courrier',
      { ...fields, format: 'odt' },
      '/espace/ambassadeurs/courrier',
    );
    assert.equal(odt.headers.get('content-type'), 'application/zip');
    const zip = unzipSync(new Uint8Array(await odt.arrayBuffer()));
    assert.deepEqual(Object.keys(zip).sort(), [
      'courrier-maire-62041.odt',
      'courrier-maire-62119.odt',
      'courrier-maire-62498.odt',
    ]);
    const letter = unzipSync(zip['courrier-maire-62498.odt'] as Uint8Array);
    assert.match(strFromU8(letter['content.xml'] as Uint8Array), /Marie DUPONT/);
    const volunteer = new TestClient(app);
    await volunteer.login('lensamb@example.org', PASSWORD);
    assert.equal((await volunteer.get('/espace/ambassadeurs/courrier')).status, 403);
  });

  test('retention: never-confirmed requests deleted after their grace period, closed ones lose their contact', async () => {
    const soon = await applyRetention(db(), new Date(Date.now() + 86_400_000));
    assert.deepEqual(soon, { deleted: 0, anonymised: 0 });
    const later = await applyRetention(db(), new Date(Date.now() + 731 * 86_400_000));
    assert.deepEqual(later, { deleted: 1, anonymised: 1 });
    const bethune = await db().selectFrom('visit_requests').select('id').where('commune_insee', '=', '62119').execute();
    assert.equal(bethune.length, 0, 'the unconfirmed Béthune request is gone');
    const lievin = await db()
      .selectFrom('visit_requests')
      .selectAll()
      .where('commune_insee', '=', '62510')
      .executeTakeFirstOrThrow();
    assert.deepEqual([lievin.contact_name, lievin.email, lievin.phone], ['', '', '']);
    assert.equal(lievin.visited_on, '2026-11-20', 'the public record stays');
  });

  function makeApp() {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: BASE });
    const errors: unknown[] = [];
    const app = createApp({ connection: database().connection, config, mailer, logError: (e) => errors.push(e) });
    return { app, errors };
  }
});
