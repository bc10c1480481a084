// Attack: insecure direct object references. Two relay organisations, A (Pas-de-Calais) and B (Lille),
// each with its members and its work. A member of A, signed in, asks every private route that takes an
// id (read from the Hono router, so a route added tomorrow is tried too) for B's objects: contacts,
// responses and their documents, reservations, personal signing links, visit requests, the
// organisation's settings and members, another person's signatures on /mes-donnees, follow-up
// proposals and the elected teams' answer links… Every attempt
// must be refused (403 or 404) and leave every table as it was.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { newId } from '../../src/db/ids.ts';
import { createAnswerLink } from '../../src/followup/answers.service.ts';
import { type FollowupFixture, seedFollowup } from '../../src/followup/followup.fixtures.ts';
import { refreshElectedFromRne } from '../../src/followup/results.service.ts';
import { getScorecard, refreshScorecards } from '../../src/followup/scorecards.service.ts';
import { proposeUpdate } from '../../src/followup/updates.service.ts';
import { logContact, recordResponse } from '../../src/outreach/contacts.service.ts';
import { setMember } from '../../src/outreach/organisations.service.ts';
import { type OutreachFixture, PASSWORD, seedOutreach } from '../../src/outreach/outreach.fixtures.ts';
import { reserve } from '../../src/outreach/reservations.service.ts';
import { responseDocumentsDir } from '../../src/outreach/response-documents.ts';
import { resolveTarget } from '../../src/outreach/targets.service.ts';
import { storeDocument } from '../../src/pledges/documents.storage.ts';
import { createInvitation, createSignature, hashToken, newToken } from '../../src/pledges/signatures.service.ts';
import { ACCESS_COOKIE } from '../../src/privacy/privacy.routes.tsx';
import { TestClient } from '../../src/testing/client.ts';
import { forEachDatabase } from '../../src/testing/databases.ts';
import { createApp } from '../../src/web/app.tsx';
import type { AppEnv } from '../../src/web/app-env.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** Where an id of someone else's object can be typed by a signed-in person. */
const PRIVATE = /^\/(espace|moderation|admin|mes-donnees|reponses)(\/|$)/;
/** Tables that legitimately change on any request (sessions seen, rate-limit counters). */
const VOLATILE = new Set(['sessions', 'login_attempts', 'settings', 'kysely_migration', 'kysely_migration_lock']);

/** Every row of every table, to compare before and after the attack. */
async function snapshot(db: OutreachDb): Promise<Map<string, string>> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !VOLATILE.has(n));
  const out = new Map<string, string>();
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db);
    out.set(
      table,
      rows
        .map((r) => JSON.stringify(Object.entries(r)))
        .sort()
        .join('\n'),
    );
  }
  return out;
}
type OutreachDb = Parameters<typeof seedOutreach>[0];

interface Attack {
  csrf: string;
  /** The other organisation's ids (of every kind: each is tried for every `:id`-like parameter). */
  ids: string[];
  slug: string;
  /** The attacker's own account and organisation, put in the posted forms (as a real attacker would). */
  own: { email: string; userId: string; organisationId: string };
  /** Texts only the other organisation may read. */
  secrets: string[];
}

/**
 * Every GET and POST private route with an id (from the router; tokens are capabilities, exports by
 * file name hold no id) with each of the other organisation's ids: the ones answered otherwise than
 * 401/403/404, or showing a secret.
 */
async function tryEveryRoute(app: Hono<AppEnv>, client: TestClient, attack: Attack) {
  const valuesFor = (param: string): string[] => {
    if (param === 'slug') return [attack.slug];
    if (param === 'type') return ['list', 'candidacy'];
    return attack.ids;
  };
  const routes = app.routes.filter(
    (r) =>
      (r.method === 'GET' || r.method === 'POST') &&
      PRIVATE.test(r.path) &&
      /:(?!file\b)[A-Za-z]+/.test(r.path) &&
      !/:token\b/.test(r.path),
  );
  const unique = [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()];
  assert.ok(unique.length >= 25, `private routes with an id: ${unique.length}`);
  const form = new URLSearchParams({
    _csrf: attack.csrf,
    version: '1',
    decision: 'publier',
    state: 'visitee',
    note: 'écrit par A',
    notes: 'écrit par A',
    email: attack.own.email,
    role: 'coordinator',
    user: attack.own.userId,
    zone: '62498',
    channel: 'courriel',
    contactedOn: '2026-01-20',
    phone: '0611111111',
    lastName: 'PIRATE',
    confirm: 'oui',
    organisation: attack.own.organisationId,
    statut: 'tenu',
    preuve: 'https://exemple.test/preuve',
    raison: 'par A',
  }).toString();
  const accepted: string[] = [];
  let tried = 0;
  for (const route of unique) {
    let paths = [route.path.replace(/\{[^}]*\}/g, '')];
    for (const param of [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string)) {
      paths = paths.flatMap((p) => valuesFor(param).map((v) => p.replace(`:${param}`, encodeURIComponent(v))));
    }
    for (const path of paths) {
      tried++;
      const response =
        route.method === 'GET'
          ? await client.get(path)
          : await client.request(path, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: form,
            });
      const body = await response.text();
      // 401: /mes-donnees without an opened access (the page to ask for a link).
      if (![401, 403, 404].includes(response.status)) accepted.push(`${route.method} ${path} → ${response.status}`);
      for (const secret of attack.secrets) {
        if (body.includes(secret)) accepted.push(`${route.method} ${path} shows « ${secret} »`);
      }
    }
  }
  return { accepted, tried };
}

forEachDatabase('IDOR: a member of one organisation asks for another organisation’s objects', (database) => {
  let dir = '';
  let f: OutreachFixture;
  let config: ReturnType<typeof loadConfig>;
  /** B's objects, by kind (the ids a member of A must not reach). */
  const b: Record<string, string> = {};
  const aSignatory = 'signataire-a@exemple.test';
  let aAccess = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-idor-'));
    config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' });
    config.outboxDir = join(dir, 'data', 'outbox');
    const { db } = database().connection;
    f = await seedOutreach(db);
    const orgB = await db
      .selectFrom('organisations')
      .select(['id', 'slug'])
      .where('name', '=', 'Chtinux')
      .executeTakeFirstOrThrow();
    b.organisation = orgB.id;
    b.slug = orgB.slug;
    await setMember(db, orgB.id, f.users.outsider.id, 'coordinator');
    const bMember = f.users.outsider;
    const [lille1, lille2, lille3] = f.lists['59350'] as [string, string, string];
    b.list = lille1;
    const target = await resolveTarget(db, 'list', lille1);
    const contact = await logContact(
      db,
      bMember,
      target,
      {
        channel: 'telephone',
        contactedOn: '2026-01-10',
        notes: 'Note privée de B',
        nextStep: 'Rappeler',
        nextStepDue: '2026-02-01',
      },
      { organisationId: orgB.id },
    );
    b.contact = contact.id;
    const stored = await storeDocument(responseDocumentsDir(config), PNG);
    b.response = await recordResponse(
      db,
      bMember,
      target,
      {
        receivedOn: '2026-01-12',
        verbatim: 'Réponse privée de B',
        classification: 'favorable',
        level: '1',
        consent: false,
        document: { path: stored.path, name: 'reponse.png' },
      },
      { organisationId: orgB.id, contactId: contact.id },
    );
    await reserve(db, bMember, await resolveTarget(db, 'list', lille2), { organisationId: orgB.id });
    b.reservedList = lille2;
    b.invitation = (await createInvitation(db, { listId: lille3 }, bMember.id)).invitation.id;
    const signature = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      communeInsee: '59350',
      listId: lille3,
      fields: {
        listName: '',
        listPosition: '1',
        parties: '',
        website: '',
        communeName: 'Lille',
        postcode: '59000',
        lastName: 'BÉ',
        firstName: 'Signataire',
        phone: '0600000000',
        email: 'signataire-b@exemple.test',
        place: 'Lille',
        signedOn: '2026-01-15',
      },
      consentPublish: false,
      consentContact: false,
      enteredBy: bMember.id,
    });
    b.signature = signature.signature.id;
    const at = new Date().toISOString();
    b.visitRequest = newId();
    await db
      .insertInto('visit_requests')
      .values({
        id: b.visitRequest,
        commune_insee: '59350',
        departement_code: '59',
        contact_name: 'Mairie de Lille',
        contact_role: 'DGS',
        email: 'mairie@lille.exemple.test',
        phone: '0320000000',
        periods: '',
        interests: '[]',
        interests_other: '',
        has_policy: 0,
        policy_description: '',
        policy_links: '',
        policy_state: 'none',
        state: 'attribuee',
        state_since: at,
        proposed_organisation_id: orgB.id,
        proposed_level: 'commune',
        organisation_id: orgB.id,
        ambassador_user_id: bMember.id,
        appointment_on: null,
        visited_on: null,
        notes: 'Compte rendu privé de B',
        confirm_token_hash: null,
        confirm_expires_at: null,
        confirmed_at: at,
        reminded_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    // A's member also signed the pact with her own address, and opened /mes-donnees for it.
    await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      communeInsee: '62498',
      listId: f.lists['62498']?.[0] ?? null,
      fields: {
        listName: '',
        listPosition: '2',
        parties: '',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'AÈ',
        firstName: 'Signataire',
        phone: '',
        email: aSignatory,
        place: 'Lens',
        signedOn: '2026-01-15',
      },
      consentPublish: false,
      consentContact: false,
    });
    aAccess = newToken();
    await db
      .insertInto('privacy_tokens')
      .values({
        id: newId(),
        token_hash: hashToken(aAccess),
        purpose: 'access',
        email: aSignatory,
        created_at: at,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        used_at: null,
      })
      .execute();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every private route with an id, given B’s ids by a member of A: 403 or 404, nothing changed', async () => {
    const { db } = database().connection;
    const errors: unknown[] = [];
    const app = createApp({ connection: database().connection, config, logError: (e) => errors.push(e) });
    const member = new TestClient(app);
    assert.equal((await member.login(f.users.volunteer.email, PASSWORD)).status, 303);
    member.cookies.set(ACCESS_COOKIE, aAccess);
    // The member's own things work (the attack is not refused for a wrong reason).
    assert.equal((await member.get('/espace')).status, 200);
    assert.equal((await member.get('/mes-donnees')).status, 200);
    const csrf = await member.csrfToken('/espace');
    const before_ = await snapshot(db);
    // And B's member reaches B's objects by the same URLs (the ids are real).
    const owner = new TestClient(app);
    assert.equal((await owner.login(f.users.outsider.email, PASSWORD)).status, 303);
    for (const path of [
      `/espace/contacts/${b.contact}`,
      `/espace/relais/${b.slug}`,
      `/espace/ambassadeurs/demandes/${b.visitRequest}`,
      `/reponses/${b.response}/document`,
    ]) {
      assert.equal((await owner.get(path)).status, 200, path);
    }

    const { accepted, tried } = await tryEveryRoute(app, member, {
      csrf,
      ids: Object.entries(b)
        .filter(([kind]) => kind !== 'slug')
        .map(([, id]) => id),
      slug: b.slug as string,
      own: { email: f.users.volunteer.email, userId: f.users.volunteer.id, organisationId: f.organisationId },
      secrets: ['Note privée de B', 'Réponse privée de B', 'Compte rendu privé de B', '0600000000'],
    });
    assert.deepEqual(accepted, [], 'every attempt refused');
    assert.ok(tried > 100, `${tried} requests`);
    const after_ = await snapshot(db);
    const changed = [...before_.keys()].filter((t) => before_.get(t) !== after_.get(t));
    assert.deepEqual(changed, [], 'no table changed');
    assert.deepEqual(errors, []);
  });
});

forEachDatabase('IDOR: follow-up proposals and answer links of another organisation', (database) => {
  let f: FollowupFixture;
  const b: Record<string, string> = {};

  before(async () => {
    const { db } = database().connection;
    // B is the Pas-de-Calais organisation that follows Lens; A (Chtinux, Lille) tries to reach its work.
    f = await seedFollowup(database().connection);
    await refreshElectedFromRne(db, 'municipales-2026', { actor: 'test' });
    await refreshScorecards(db, 'municipales-2026', { actor: 'test' });
    const card = await getScorecard(db, '62498');
    assert.ok(card);
    const item = card.items.find((i) => /LibreOffice/.test(i.text));
    assert.ok(item);
    const proposed = await proposeUpdate(
      db,
      { id: f.users.volunteer.id, role: f.users.volunteer.role },
      {
        scorecardId: card.scorecard.id,
        itemKey: item.key,
        status: 'tenu',
        evidenceUrl: 'https://lens.exemple.test/preuve-privee-de-B',
        evidenceDocument: '',
        evidenceDate: '2026-06-01',
        note: 'Note de suivi privée de B',
      },
    );
    assert.ok(proposed.ok);
    b.proposal = proposed.updateId;
    b.scorecard = card.scorecard.id;
    b.item = item.key;
    b.link = (await createAnswerLink(db, card.scorecard.id, 'Mairie de Lens', f.users.coordinator.id)).id;
    b.slug = card.scorecard.slug;
  });

  test('a member of A asks for B’s scorecard workspace, proposals and answer links: 403 or 404, nothing changed', async () => {
    const { db } = database().connection;
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' });
    const errors: unknown[] = [];
    const app = createApp({ connection: database().connection, config, logError: (e) => errors.push(e) });
    const member = new TestClient(app);
    assert.equal((await member.login(f.users.outsider.email, PASSWORD)).status, 303);
    const csrf = await member.csrfToken('/espace');
    const orgA = await db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', 'Chtinux')
      .executeTakeFirstOrThrow();
    // B's member reaches the scorecard's workspace page (the slug is real).
    const owner = new TestClient(app);
    assert.equal((await owner.login(f.users.volunteer.email, PASSWORD)).status, 303);
    assert.equal((await owner.get(`/espace/suivi/${b.slug}`)).status, 200);

    const before_ = await snapshot(db);
    const { accepted, tried } = await tryEveryRoute(app, member, {
      csrf,
      ids: Object.entries(b)
        .filter(([kind]) => kind !== 'slug')
        .map(([, id]) => id),
      slug: b.slug as string,
      own: { email: f.users.outsider.email, userId: f.users.outsider.id, organisationId: orgA.id },
      secrets: ['Note de suivi privée de B', 'preuve-privee-de-B'],
    });
    assert.deepEqual(accepted, [], 'every attempt refused');
    assert.ok(tried > 50, `${tried} requests`);
    const after_ = await snapshot(db);
    assert.deepEqual(
      [...before_.keys()].filter((t) => before_.get(t) !== after_.get(t)),
      [],
      'no table changed',
    );
    assert.deepEqual(errors, []);
  });
});
