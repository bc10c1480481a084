import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../accounts/users.service.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { TestClient } from '../testing/client.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { createApp } from '../web/app.tsx';

const PASSWORD = 'mot de passe solide';
const LIST = 'municipales-2026.62498.1';
const MANDATE = 'maire:62498:dupont-jean:1970-05-04';

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** Two elections in Lens: one list in 2026; Jean DUPONT stood in 2020 and again in 2026 (two records). */
async function seed(db: Db) {
  const at = new Date().toISOString();
  for (const election of ['municipales-2020', 'municipales-2026']) {
    await db
      .insertInto('ballots')
      .values({
        id: `${election}.62498`,
        election_id: election,
        territory_kind: 'commune',
        territory_code: '62498',
        name: 'Lens',
      })
      .execute();
  }
  for (const [id, election] of [
    ['municipales-2020.62498.1', 'municipales-2020'],
    [LIST, 'municipales-2026'],
  ] as const) {
    await db
      .insertInto('lists')
      .values({
        id,
        ballot_id: `${election}.62498`,
        panel: 1,
        short_name: 'LENS LIBRE',
        name: 'Lens libre et ouverte',
        nuance_code: 'LDVG',
        website: null,
        locked: 0,
        edited_fields: null,
      })
      .execute();
  }
  const people = [
    { id: 'p-2020', birth: '1970-05-04', election: 'municipales-2020' },
    { id: 'p-2026', birth: null, election: 'municipales-2026' },
    // A homonym on the same 2026 ballot: the same election, so another person.
    { id: 'p-homonyme', birth: null, election: 'municipales-2026' },
  ];
  for (const [i, p] of people.entries()) {
    await db
      .insertInto('people')
      .values({
        id: p.id,
        last_name: 'DUPONT',
        first_name: 'Jean',
        sex: 'M',
        birth_date: p.birth,
        search: 'dupont jean',
        merged_into: null,
        created_at: at,
      })
      .execute();
    await db
      .insertInto('candidacies')
      .values({
        id: `${p.election}.62498.1.${i + 1}`,
        ballot_id: `${p.election}.62498`,
        list_id: `${p.election}.62498.1`,
        person_id: p.id,
        position: i + 1,
        panel: 1,
        head: 0,
        nuance_code: 'LDVG',
        sex: 'M',
        last_name: 'DUPONT',
        first_name: 'Jean',
        birth_date: p.birth,
        nationality: 'FRA',
      })
      .execute();
  }
  // The mayor of Lens (RNE) could be either Jean DUPONT of 2026: ambiguous, for a moderator.
  await db
    .insertInto('mandates')
    .values({
      id: MANDATE,
      mandate: 'maire',
      territory_kind: 'commune',
      territory_code: '62498',
      territory_name: 'Lens',
      departement_code: '62',
      commune_code: '62498',
      last_name: 'DUPONT',
      first_name: 'Jean',
      sex: 'M',
      birth_date: '1970-05-04',
      mandate_start: '2020-07-03',
      function_label: null,
      function_start: null,
      search: 'dupont jean',
      current: 1,
      created_at: at,
      ended_at: null,
    })
    .execute();
  for (const [candidacy, person] of [
    ['municipales-2026.62498.1.2', 'p-2026'],
    ['municipales-2026.62498.1.3', 'p-homonyme'],
  ]) {
    await db
      .insertInto('mandate_matches')
      .values({
        mandate_id: MANDATE,
        candidacy_id: candidacy as string,
        person_id: person as string,
        confidence: 80,
        method: 'name+territory',
        status: 'ambiguous',
        decided_by: null,
        decided_at: null,
        created_at: at,
      })
      .execute();
  }
}

forEachDatabase('moderation: lists, duplicates; every admin and moderation route is guarded', (database) => {
  const db = () => database().connection.db;
  const errors: unknown[] = [];
  const client = () =>
    new TestClient(
      createApp({
        connection: database().connection,
        config: loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' }),
        logError: (e) => errors.push(e),
      }),
    );
  const as = async (role: string) => {
    const c = client();
    const response = await c.login(`${role}@example.org`, PASSWORD);
    assert.equal(response.status, 303, `${role} signs in`);
    return c;
  };

  test('set up', async () => {
    for (const role of ['admin', 'moderator', 'coordinator', 'volunteer']) {
      await createUser(db(), { email: `${role}@example.org`, role, password: PASSWORD });
    }
    await seed(db());
  });

  /** Every private route, with the permission it needs. */
  const ROUTES: {
    method: 'GET' | 'POST';
    path: string;
    admin: boolean;
    fields?: Record<string, string>;
    multipart?: boolean;
  }[] = [
    { method: 'GET', path: '/admin', admin: true },
    { method: 'GET', path: '/admin/imports', admin: true },
    { method: 'POST', path: '/admin/imports', admin: true, multipart: true, fields: { election: '' } },
    { method: 'GET', path: '/admin/imports/x', admin: true },
    { method: 'GET', path: '/admin/imports/x/rejets.csv', admin: true },
    { method: 'GET', path: '/moderation', admin: false },
    { method: 'GET', path: '/moderation/listes', admin: false },
    { method: 'GET', path: `/moderation/listes/${LIST}`, admin: false },
    { method: 'POST', path: `/moderation/listes/${LIST}`, admin: false, fields: { short_name: 'PIRATE', website: '' } },
    { method: 'POST', path: `/moderation/listes/${LIST}/verrou`, admin: false, fields: { verrou: '1' } },
    { method: 'GET', path: '/moderation/doublons', admin: false },
    {
      method: 'POST',
      path: '/moderation/doublons/fusion',
      admin: false,
      fields: { garder: 'p-2020', fusionner: 'p-2026' },
    },
    { method: 'GET', path: '/moderation/rne', admin: false },
    {
      method: 'POST',
      path: '/moderation/rne/decision',
      admin: false,
      fields: { mandat: MANDATE, candidature: 'municipales-2026.62498.1.2', decision: 'confirmed' },
    },
  ];

  async function attempt(c: TestClient, route: (typeof ROUTES)[number]) {
    if (route.method === 'GET') return c.get(route.path);
    // A valid anti-CSRF token, so that only the permission decides.
    const token = await c.csrfToken(c.cookies.has('pacte_session') ? '/' : '/connexion');
    if (route.multipart) {
      const form = new FormData();
      for (const [k, v] of Object.entries(route.fields ?? {})) form.set(k, v);
      form.set('fichier', new File(['nom;prénom\n'], 'x.csv'));
      return c.request(`${route.path}?_csrf=${encodeURIComponent(token)}`, { method: 'POST', body: form });
    }
    return c.post(route.path, { _csrf: token, ...route.fields });
  }

  test('signed out: every private route redirects to the login page', async () => {
    for (const route of ROUTES) {
      const c = client();
      const response = await attempt(c, route);
      assert.equal(response.status, 303, `${route.method} ${route.path}`);
      assert.match(response.headers.get('location') ?? '', /^\/connexion(\?suivant=|$)/, route.path);
    }
    const get = await client().get('/moderation/doublons');
    assert.equal(get.headers.get('location'), '/connexion?suivant=%2Fmoderation%2Fdoublons');
  });

  test('a volunteer and a coordinator get a French 403 on every private route, and nothing changes', async () => {
    for (const role of ['volunteer', 'coordinator']) {
      const c = await as(role);
      for (const route of ROUTES) {
        const response = await attempt(c, route);
        assert.equal(response.status, 403, `${role}: ${route.method} ${route.path}`);
        assert.match(textOf(await response.text()), /Accès refusé.*Votre compte n’a pas les droits nécessaires/);
      }
    }
    const list = await db().selectFrom('lists').selectAll().where('id', '=', LIST).executeTakeFirstOrThrow();
    assert.equal(list.short_name, 'LENS LIBRE');
    assert.equal(Number(list.locked), 0);
    const person = await db().selectFrom('people').select('merged_into').where('id', '=', 'p-2026').executeTakeFirst();
    assert.equal(person?.merged_into, null);
    assert.equal((await db().selectFrom('imports').select('id').execute()).length, 0, 'no import started');
  });

  test('a moderator is refused the admin routes only', async () => {
    const c = await as('moderator');
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const response = await attempt(c, route);
      if (route.admin) assert.equal(response.status, 403, route.path);
      else assert.equal(response.status, 200, route.path);
    }
  });

  test('find a commune’s lists, then edit one: French errors keep the values', async () => {
    const c = await as('moderator');
    const search = await (await c.get('/moderation/listes?commune=62498')).text();
    assert.match(search, new RegExp(`<a href="/moderation/listes/${LIST}">Lens libre et ouverte</a>`));
    assert.equal(
      (await c.get(`/moderation/listes?commune=${LIST}`)).headers.get('location'),
      `/moderation/listes/${LIST}`,
    );
    assert.equal((await c.get('/moderation/listes?commune=lens')).status, 400);
    const bad = await c.post(
      `/moderation/listes/${LIST}`,
      { short_name: 'LENS LIBRE !', website: 'javascript:alert(1)' },
      `/moderation/listes/${LIST}`,
    );
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(
      html,
      /<p id="website-erreur" class="field-error">Adresse web invalide : elle doit commencer par https:\/\/ ou http:\/\/\.<\/p>/,
    );
    assert.match(html, /value="LENS LIBRE !"/);
    assert.match(html, /value="javascript:alert\(1\)"/);
    const unchanged = await db()
      .selectFrom('lists')
      .select('short_name')
      .where('id', '=', LIST)
      .executeTakeFirstOrThrow();
    assert.equal(unchanged.short_name, 'LENS LIBRE');
  });

  test('editing a list records the edited fields and an audit row with before/after', async () => {
    const c = await as('moderator');
    const response = await c.post(
      `/moderation/listes/${LIST}`,
      { short_name: 'LENS LIBRE !', website: 'https://lens-libre.example.org' },
      `/moderation/listes/${LIST}`,
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `/moderation/listes/${LIST}?enregistre=1`);
    const list = await db().selectFrom('lists').selectAll().where('id', '=', LIST).executeTakeFirstOrThrow();
    assert.equal(list.short_name, 'LENS LIBRE !');
    assert.equal(list.website, 'https://lens-libre.example.org');
    assert.deepEqual(JSON.parse(list.edited_fields ?? '[]'), ['short_name', 'website']);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'list')
      .where('entity_id', '=', LIST)
      .where('action', '=', 'moderate')
      .executeTakeFirstOrThrow();
    const moderator = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'moderator@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, moderator.id);
    assert.deepEqual(JSON.parse(audit.before ?? '{}'), { short_name: 'LENS LIBRE', website: null });
    assert.deepEqual(JSON.parse(audit.after ?? '{}'), {
      short_name: 'LENS LIBRE !',
      website: 'https://lens-libre.example.org',
    });
    const page = await (await c.get(`/moderation/listes/${LIST}?enregistre=1`)).text();
    assert.match(page, /Modifications enregistrées\./);
    assert.match(page, /Déjà corrigés : nom court, site web\./);
  });

  test('locking and unlocking a list is audited', async () => {
    const c = await as('admin');
    const lock = await c.post(`/moderation/listes/${LIST}/verrou`, { verrou: '1' }, `/moderation/listes/${LIST}`);
    assert.equal(lock.status, 303);
    const locked = await db().selectFrom('lists').select('locked').where('id', '=', LIST).executeTakeFirstOrThrow();
    assert.equal(Number(locked.locked), 1);
    const page = await (await c.get(`/moderation/listes/${LIST}`)).text();
    assert.match(page, /Cette liste est verrouillée/);
    assert.match(page, /Déverrouiller la liste/);
    await c.post(`/moderation/listes/${LIST}/verrou`, { verrou: '0' }, `/moderation/listes/${LIST}`);
    await c.post(`/moderation/listes/${LIST}/verrou`, { verrou: '1' }, `/moderation/listes/${LIST}`);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', LIST)
      .where('action', 'in', ['lock', 'unlock'])
      .orderBy('at')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['lock', 'unlock', 'lock'],
    );
    assert.deepEqual(JSON.parse(audit[0]?.after ?? '{}'), { locked: true });
  });

  test('duplicates: same name, compatible birth dates, different elections; not two people of one election', async () => {
    const c = await as('moderator');
    const html = await (await c.get('/moderation/doublons')).text();
    const text = textOf(html);
    assert.match(text, /Doublon probable 1 : Jean DUPONT/);
    assert.match(text, /même nom, date de naissance inconnue d’un côté/);
    assert.match(html, /name="garder" value="p-2020"/);
    assert.equal((html.match(/Doublon probable \d/g) ?? []).length, 2, 'p-2020 with p-2026 and with p-homonyme only');
    assert.doesNotMatch(
      html,
      /<input type="hidden" name="garder" value="p-2026"\/><input type="hidden" name="fusionner" value="p-homonyme"\/>/,
    );
  });

  test('merging moves the candidacies, redirects the old page (301), is audited', async () => {
    const c = await as('moderator');
    const response = await c.post(
      '/moderation/doublons/fusion',
      { garder: 'p-2020', fusionner: 'p-2026' },
      '/moderation/doublons',
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/moderation/doublons?fusion=p-2020');
    const old = await c.get('/personnes/p-2026');
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), '/personnes/p-2020');
    const candidacies = await db()
      .selectFrom('candidacies')
      .select('id')
      .where('person_id', '=', 'p-2020')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      candidacies.map((x) => x.id),
      ['municipales-2020.62498.1.1', 'municipales-2026.62498.1.2'],
    );
    const kept = await (await c.get('/personnes/p-2020')).text();
    assert.match(kept, /Élections municipales et communautaires 2026/);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'person')
      .where('entity_id', '=', 'p-2026')
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'merge');
    assert.deepEqual(JSON.parse(audit.before ?? '{}'), {
      merged_into: null,
      candidacies: ['municipales-2026.62498.1.2'],
    });
    assert.deepEqual(JSON.parse(audit.after ?? '{}'), { merged_into: 'p-2020' });
    const link = await db()
      .selectFrom('mandate_matches')
      .select('person_id')
      .where('candidacy_id', '=', 'municipales-2026.62498.1.2')
      .executeTakeFirstOrThrow();
    assert.equal(link.person_id, 'p-2020', 'links to RNE mandates follow the candidacy');
    const again = await c.post(
      '/moderation/doublons/fusion',
      { garder: 'p-2020', fusionner: 'p-2026' },
      '/moderation/doublons',
    );
    assert.equal(again.status, 400);
    assert.match(textOf(await again.text()), /Fusion refusée : l’une des deux fiches a déjà été fusionnée\./);
    const suggestions = await (await c.get('/moderation/doublons')).text();
    assert.doesNotMatch(
      suggestions,
      /Doublon probable/,
      'the homonym of 2026 now shares an election with the kept record',
    );
  });

  test('ambiguous RNE matches: listed per mandate; confirming one rejects the other, audited', async () => {
    const c = await as('moderator');
    const html = await (await c.get('/moderation/rne')).text();
    const text = textOf(html);
    assert.match(text, /2 rapprochement\(s\) à vérifier/);
    assert.match(text, /Maire — Lens : Jean DUPONT/);
    assert.match(text, /Date de naissance : 4 mai 1970/);
    assert.equal((html.match(/name="decision" value="confirmed"/g) ?? []).length, 2);
    const response = await c.post(
      '/moderation/rne/decision',
      { mandat: MANDATE, candidature: 'municipales-2026.62498.1.3', decision: 'confirmed' },
      '/moderation/rne',
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/moderation/rne?fait=confirmed');
    const rows = await db()
      .selectFrom('mandate_matches')
      .select(['candidacy_id', 'status', 'decided_by'])
      .where('mandate_id', '=', MANDATE)
      .orderBy('candidacy_id')
      .execute();
    const moderator = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'moderator@example.org')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      rows.map((r) => ({ ...r })),
      [
        { candidacy_id: 'municipales-2026.62498.1.2', status: 'rejected', decided_by: moderator.id },
        { candidacy_id: 'municipales-2026.62498.1.3', status: 'confirmed', decided_by: moderator.id },
      ],
    );
    const audit = await db()
      .selectFrom('audit_log')
      .select('actor')
      .where('entity_type', '=', 'mandate_match')
      .execute();
    assert.equal(audit.length, 2);
    const after = textOf(await (await c.get('/moderation/rne?fait=confirmed')).text());
    assert.match(after, /Rapprochement confirmé/);
    assert.match(after, /0 rapprochement\(s\) à vérifier/);
    const bad = await c.post(
      '/moderation/rne/decision',
      { mandat: 'nope', candidature: 'nope', decision: 'confirmed' },
      '/moderation/rne',
    );
    assert.equal(bad.status, 400);
    assert.match(textOf(await bad.text()), /Décision refusée : rapprochement introuvable\./);
  });

  test('no unexpected server error', () => {
    assert.deepEqual(errors, []);
  });
});
