import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { createUser, type User } from '../../accounts/users.service.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/portability.ts';
import { createSignature, findInvitation } from '../../pledges/signatures.service.ts';
import { TestClient } from '../../testing/client.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { startSmtpServer } from '../../testing/smtp.ts';
import { createApp } from '../../web/app.tsx';
import { contactsOf } from '../contacts.service.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../organisations.service.ts';
import { resolveTarget } from '../targets.service.ts';

const PASSWORD = 'mot de passe solide';
const REFUSED = 'inconnu@liste.example';
const E = 'municipales-2026';
const LIST_LENS = `${E}.62498.1`;
const LIST_LENS_2 = `${E}.62498.2`;
const LIST_LIEVIN = `${E}.62510.1`;
const LIST_AMIENS = `${E}.80021.1`;
const DEPUTY = 'legislatives-2024.62-13.1';

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Spaces of any kind (French non-breaking ones included) as one plain space. */
function plain(value: string): string {
  return value.replace(/[\s\u00a0\u202f]+/g, ' ');
}

async function addList(
  db: Db,
  list: { id: string; insee: string; name: string; head: { first: string; last: string; sex: string } },
) {
  const ballot = list.id.slice(0, list.id.lastIndexOf('.'));
  await db
    .insertInto('ballots')
    .values({ id: ballot, election_id: E, territory_kind: 'commune', territory_code: list.insee, name: list.insee })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('lists')
    .values({
      id: list.id,
      ballot_id: ballot,
      panel: Number(list.id.split('.').at(-1)),
      short_name: list.name.toUpperCase(),
      name: list.name,
      nuance_code: 'LDVG',
      website: null,
      locked: 0,
      edited_fields: null,
    })
    .execute();
  await addPerson(db, `${list.id}.1`, ballot, list.id, list.head);
}

async function addPerson(
  db: Db,
  id: string,
  ballot: string,
  listId: string | null,
  p: { first: string; last: string; sex: string },
) {
  await db
    .insertInto('people')
    .values({
      id: `p-${id}`,
      last_name: p.last,
      first_name: p.first,
      sex: p.sex,
      birth_date: null,
      search: `${p.last} ${p.first}`.toLowerCase(),
      merged_into: null,
      created_at: nowIso(),
    })
    .execute();
  await db
    .insertInto('candidacies')
    .values({
      id,
      ballot_id: ballot,
      list_id: listId,
      person_id: `p-${id}`,
      position: listId ? 1 : null,
      panel: 1,
      head: listId ? 1 : 0,
      nuance_code: null,
      sex: p.sex,
      last_name: p.last,
      first_name: p.first,
      birth_date: null,
      nationality: 'FRA',
    })
    .execute();
}

async function seed(db: Db) {
  await addList(db, {
    id: LIST_LENS,
    insee: '62498',
    name: 'Lens « libre » & ouverte',
    head: { first: 'Hélène', last: 'LŒUVRE-DÉSIRÉ', sex: 'F' },
  });
  await addList(db, {
    id: LIST_LENS_2,
    insee: '62498',
    name: 'Agir pour Lens',
    head: { first: 'François', last: 'GARÇON', sex: 'M' },
  });
  await addList(db, {
    id: LIST_LIEVIN,
    insee: '62510',
    name: 'Liévin ensemble',
    head: { first: 'Zoé', last: 'ÉPÉE', sex: 'F' },
  });
  await addList(db, {
    id: LIST_AMIENS,
    insee: '80021',
    name: 'Amiens demain',
    head: { first: 'Noël', last: 'CŒUR', sex: 'M' },
  });
  await db
    .insertInto('ballots')
    .values({
      id: 'legislatives-2024.62-13',
      election_id: 'legislatives-2024',
      territory_kind: 'circonscription',
      territory_code: '62-13',
      name: '13ème circonscription',
    })
    .execute();
  await addPerson(db, DEPUTY, 'legislatives-2024.62-13', null, { first: 'Guy', last: 'DELCOURT', sex: 'M' });
}

forEachDatabase('letters to candidates', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let app: ReturnType<typeof createApp>;
  let errors: unknown[];
  let volunteer: User;
  const anonymous = () => new TestClient(app);
  const as = async (email: string) => {
    const client = new TestClient(app);
    const response = await client.login(email, PASSWORD);
    assert.equal(response.status, 303, `${email} signs in`);
    return client;
  };
  const sender = {
    organisation: 'Cliss XXI',
    site: 'https://www.cliss21.example',
    adresse: '23 avenue Jean Jaurès\n62800 Liévin',
    benevole: 'Lucien Petit',
    lieu: 'Liévin',
    signature: '',
  };

  before(async () => {
    const db = database().connection.db;
    await seed(db);
    smtp = await startSmtpServer({ rejectRecipients: [REFUSED] });
    errors = [];
    const config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      BASE_URL: 'http://pacte.test',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Pacte <pacte@pacte.test>',
    });
    app = createApp({ connection: database().connection, config, logError: (e) => errors.push(e) });
    volunteer = await createUser(db, {
      email: 'benevole@cliss.example',
      role: 'volunteer',
      password: PASSWORD,
      displayName: 'Lucien Petit',
    });
    await createUser(db, { email: 'coord@cliss.example', role: 'coordinator', password: PASSWORD });
    await createUser(db, { email: 'moderation@pacte.example', role: 'moderator', password: PASSWORD });
    const created = await createOrganisation(db, {
      name: 'Cliss XXI',
      kind: 'cooperative',
      website: 'https://www.cliss21.example',
      description: '',
    });
    assert.ok(created.ok);
    await setMember(db, created.organisation.id, volunteer.id, 'member');
    assert.deepEqual(await setOrganisationZone(db, created.organisation.id, 'dep:62'), { ok: true, count: 1 });
  });
  after(async () => {
    await smtp.close();
  });

  test('the default templates are seeded (municipales and législatives)', async () => {
    const rows = await database()
      .connection.db.selectFrom('letter_templates')
      .select(['id', 'election_kind', 'builtin'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.election_kind, Number(r.builtin)]),
      [
        ['legislatives-pacte', 'legislatives', 1],
        ['municipales-pacte', 'municipales', 1],
      ],
    );
  });

  test('anonymous visitors are sent to the login page; nothing is produced', async () => {
    const client = anonymous();
    for (const path of ['/espace/lettres', '/espace/lettres/modeles', '/espace/lettres/modeles/municipales-pacte']) {
      const response = await client.get(path);
      assert.equal(response.status, 303, path);
      assert.match(response.headers.get('location') ?? '', /^\/connexion/);
    }
    const post = await client.request('/espace/lettres/document', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ destinataire: LIST_LENS, modele: 'municipales-pacte' }).toString(),
    });
    assert.ok([303, 403].includes(post.status), `refused (${post.status})`);
    assert.notEqual(post.headers.get('content-type'), 'application/pdf');
  });

  test('a volunteer uses templates but cannot edit them; a moderator has no letters', async () => {
    const client = await as('benevole@cliss.example');
    const home = await client.get('/espace/lettres');
    assert.equal(home.status, 200);
    const page = text(await home.text());
    assert.match(page, /Le Pacte du Logiciel Libre \(municipales, tête de liste\)/);
    assert.doesNotMatch(page, /Gérer les modèles/);
    assert.equal((await client.get('/espace/lettres/modeles')).status, 403);
    assert.equal((await client.get('/espace/lettres/modeles/municipales-pacte')).status, 403);
    const token = await client.csrfToken('/espace/lettres');
    const edit = await client.post(
      '/espace/lettres/modeles/municipales-pacte',
      { _csrf: token, name: 'Piraté', electionKind: 'municipales', subject: 'x', body: 'y', version: '1' },
      '/espace/lettres',
    );
    assert.equal(edit.status, 403);
    const create = await client.post(
      '/espace/lettres/modeles',
      { _csrf: token, name: 'Le mien', electionKind: 'municipales', subject: 'x', body: 'y' },
      '/espace/lettres',
    );
    assert.equal(create.status, 403);
    const stored = await database()
      .connection.db.selectFrom('letter_templates')
      .select('name')
      .where('id', '=', 'municipales-pacte')
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.name, 'Piraté');
    const moderator = await as('moderation@pacte.example');
    assert.equal((await moderator.get('/espace/lettres')).status, 403);
  });

  test('a coordinator saves a template; an unknown merge field is refused, naming it, values kept', async () => {
    const client = await as('coord@cliss.example');
    const bad = await client.post(
      '/espace/lettres/modeles',
      {
        name: 'Relance',
        electionKind: 'municipales',
        subject: 'Relance pour {{liste.nom}}',
        body: 'Bonjour {{candidat.nom}} de {{mairie.adresse}}',
      },
      '/espace/lettres/modeles/nouveau',
    );
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(text(html), /Champ de fusion inconnu : \{\{mairie\.adresse\}\}/);
    assert.match(html, /Bonjour \{\{candidat\.nom\}\} de \{\{mairie\.adresse\}\}/, 'the body is shown again');
    assert.match(html, /value="Relance"/);

    const good = await client.post(
      '/espace/lettres/modeles',
      {
        name: 'Relance',
        electionKind: 'municipales',
        subject: 'Relance pour {{liste.nom}}',
        body: '{{candidat.civilite}},\n\nAvez-vous lu le pacte, {{candidat.nom_complet}} ?\n\nSignez ici : {{lien_invitation}}',
      },
      '/espace/lettres/modeles/nouveau',
    );
    assert.equal(good.status, 303);
    const location = good.headers.get('location') ?? '';
    assert.match(location, /^\/espace\/lettres\/modeles\/[^/?]+\?enregistre=1$/);
    const editPath = location.replace(/\?.*$/, '');

    // Two coordinators edit the same version: the second save is refused (no lost update).
    const form = { name: 'Relance (v2)', electionKind: 'municipales', subject: 'Relance', body: 'Texte', version: '1' };
    assert.equal((await client.post(editPath, form, editPath)).status, 303);
    const stale = await client.post(editPath, { ...form, name: 'Relance (v3)' }, editPath);
    assert.equal(stale.status, 409);
    assert.match(text(await stale.text()), /modifié par quelqu’un d’autre/);
  });

  test('one letter as PDF: pdftotext reads the merged names with their accents', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/document',
      { destinataire: LIST_LENS, modele: 'municipales-pacte', format: 'pdf', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200, text(await response.clone().text()).slice(0, 300));
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="lettre-[a-z0-9-]+\.pdf"/);
    const dir = mkdtempSync(join(tmpdir(), 'pacte-lettre-'));
    try {
      writeFileSync(join(dir, 'lettre.pdf'), Buffer.from(await response.arrayBuffer()));
      const pdf = plain(execFileSync('pdftotext', [join(dir, 'lettre.pdf'), '-'], { encoding: 'utf8' }));
      assert.match(pdf, /Madame Hélène LŒUVRE-DÉSIRÉ/);
      assert.match(pdf, /Tête de liste « Lens « libre » & ouverte »/);
      assert.match(pdf, /62300 Lens/);
      assert.match(pdf, /Liévin, le \d{1,2}(er)? \p{L}+ 20\d\d/u);
      assert.match(pdf, /Objet : Pour les candidats aux élections municipales à Lens/);
      assert.match(pdf, /Le 15 mars 2026, vous vous présenterez avec la liste/);
      assert.match(pdf, /je vous prie de recevoir, Madame, mes respectueuses salutations/);
      assert.match(pdf, /Pour Cliss XXI, Lucien Petit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('one letter as ODT: LibreOffice opens it and reads the merged names', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/document',
      { destinataire: `candidacy:${DEPUTY}`, modele: 'legislatives-pacte', format: 'odt', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200, text(await response.clone().text()).slice(0, 300));
    assert.equal(response.headers.get('content-type'), 'application/vnd.oasis.opendocument.text');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The mimetype entry comes first, stored: "PK\3\4" … "mimetype" + the media type at a fixed offset.
    assert.equal(strFromU8(bytes.subarray(30, 38)), 'mimetype');
    assert.equal(strFromU8(bytes.subarray(38, 77)), 'application/vnd.oasis.opendocument.text');
    const dir = mkdtempSync(join(tmpdir(), 'pacte-lettre-'));
    try {
      writeFileSync(join(dir, 'lettre.odt'), bytes);
      execFileSync(
        'libreoffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'txt:Text (encoded):UTF8',
          '--outdir',
          dir,
          join(dir, 'lettre.odt'),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const converted = plain(readFileSync(join(dir, 'lettre.txt'), 'utf8'));
      assert.match(converted, /Monsieur Guy DELCOURT/);
      assert.match(converted, /Candidat·e, 13e circonscription \(Pas-de-Calais\)/);
      assert.match(converted, /Objet : Pour les candidats aux élections législatives : le Pacte du Logiciel Libre/);
      assert.match(
        converted,
        /Le 30 juin 2024, vous vous présenterez aux suffrages des citoyens de la 13e circonscription/,
      );
      assert.match(converted, /Cliss XXI a souhaité relayer l’initiative de l’April/);
      assert.match(converted, /Pour Cliss XXI, Lucien Petit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a batch for a département: a ZIP of ODTs, one per list of the zone', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/lot',
      { election: E, zone: 'departement', code: '62', modele: 'municipales-pacte', format: 'zip', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200, text(await response.clone().text()).slice(0, 300));
    assert.equal(response.headers.get('content-type'), 'application/zip');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const names = Object.keys(files).sort();
    assert.deepEqual(names, [
      'lettre-agir-pour-lens-garcon.odt',
      'lettre-lens-libre-ouverte-loeuvre-desire.odt',
      'lettre-lievin-ensemble-epee.odt',
    ]);
    const content = strFromU8(
      unzipSync(files['lettre-lievin-ensemble-epee.odt'] as Uint8Array)['content.xml'] as Uint8Array,
    );
    assert.match(plain(content), /Madame Zoé ÉPÉE/);
    assert.match(plain(content), /électeurs de Liévin/);
    const escaped = strFromU8(
      unzipSync(files['lettre-lens-libre-ouverte-loeuvre-desire.odt'] as Uint8Array)['content.xml'] as Uint8Array,
    );
    assert.match(plain(escaped), /Lens « libre » &amp; ouverte/, 'XML escaped');
  });

  test('a batch for an EPCI: the lists of its member communes', async () => {
    const db = database().connection.db;
    const epci = await db
      .selectFrom('intercommunality_members')
      .select('intercommunality_code')
      .where('insee', '=', '62498')
      .executeTakeFirstOrThrow();
    const members = await db
      .selectFrom('intercommunality_members')
      .select('insee')
      .where('intercommunality_code', '=', epci.intercommunality_code)
      .execute();
    const expected = [
      ...(members.some((m) => m.insee === '62510') ? ['lettre-lievin-ensemble-epee.odt'] : []),
      'lettre-agir-pour-lens-garcon.odt',
      'lettre-lens-libre-ouverte-loeuvre-desire.odt',
    ].sort();
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/lot',
      {
        election: E,
        zone: 'epci',
        code: epci.intercommunality_code,
        modele: 'municipales-pacte',
        format: 'zip',
        ...sender,
      },
      '/espace/lettres',
    );
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer()))).sort(), expected);
  });

  test('a batch for a commune as one PDF to print, a page per letter at least', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/lot',
      { election: E, zone: 'commune', code: '62498', modele: 'municipales-pacte', format: 'pdf', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'pacte-lot-'));
    try {
      writeFileSync(join(dir, 'lot.pdf'), Buffer.from(await response.arrayBuffer()));
      const pdf = plain(execFileSync('pdftotext', [join(dir, 'lot.pdf'), '-'], { encoding: 'utf8' }));
      assert.match(pdf, /Madame Hélène LŒUVRE-DÉSIRÉ/);
      assert.match(pdf, /Monsieur François GARÇON/);
      assert.doesNotMatch(pdf, /ÉPÉE/, 'Liévin is another commune');
      const info = execFileSync('pdfinfo', [join(dir, 'lot.pdf')], { encoding: 'utf8' });
      assert.ok(Number(/Pages:\s+(\d+)/.exec(info)?.[1]) >= 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('outside the organisation’s zone: refused, nothing produced', async () => {
    const client = await as('benevole@cliss.example');
    const one = await client.post(
      '/espace/lettres/document',
      { destinataire: LIST_AMIENS, modele: 'municipales-pacte', format: 'pdf', ...sender },
      '/espace/lettres',
    );
    assert.equal(one.status, 400);
    assert.match(text(await one.text()), /hors de la zone de vos organisations/);
    const batch = await client.post(
      '/espace/lettres/lot',
      { election: E, zone: 'departement', code: '80', modele: 'municipales-pacte', format: 'zip', ...sender },
      '/espace/lettres',
    );
    assert.equal(batch.status, 400);
    assert.match(text(await batch.text()), /hors de la zone de vos organisations/);
    const badCode = await client.post(
      '/espace/lettres/lot',
      { election: E, zone: 'commune', code: 'Lens', modele: 'municipales-pacte', format: 'zip', ...sender },
      '/espace/lettres',
    );
    assert.equal(badCode.status, 400);
    assert.match(text(await badCode.text()), /Code INSEE de commune invalide/);
  });

  test('a stored template with an unknown field is refused on use, naming it', async () => {
    const db = database().connection.db;
    await db
      .insertInto('letter_templates')
      .values({
        id: 'casse',
        name: 'Modèle cassé',
        election_kind: 'municipales',
        subject: 'Objet',
        body: 'Bonjour {{candidat.surnom}}',
        builtin: 0,
        version: 1,
        created_at: nowIso(),
        updated_at: nowIso(),
        updated_by: null,
      })
      .execute();
    const client = await as('benevole@cliss.example');
    const before = smtp.received.length;
    for (const [path, form] of [
      ['/espace/lettres/document', { destinataire: LIST_LENS, format: 'pdf' }],
      ['/espace/lettres/courriel', { destinataire: LIST_LENS, courriel: 'tete@liste.example' }],
    ] as const) {
      const response = await client.post(path, { ...form, modele: 'casse', ...sender }, '/espace/lettres');
      assert.equal(response.status, 400, path);
      assert.match(
        text(await response.text()),
        /Modèle « Modèle cassé » : Champ de fusion inconnu : \{\{candidat\.surnom\}\}/,
      );
    }
    assert.equal(smtp.received.length, before, 'nothing sent');
  });

  test('{{lien_invitation}} creates a personal signing link per recipient', async () => {
    const db = database().connection.db;
    const template = await db
      .selectFrom('letter_templates')
      .select('id')
      .where('name', '=', 'Relance (v2)')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('letter_templates')
      .set({ body: 'Signez ici : {{lien_invitation}}' })
      .where('id', '=', template.id)
      .execute();
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/lot',
      { election: E, zone: 'commune', code: '62498', modele: template.id, format: 'zip', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const tokens = Object.values(files).map((odt) => {
      const content = strFromU8(unzipSync(odt)['content.xml'] as Uint8Array);
      const match = /http:\/\/pacte\.test\/signer\/invitation\/([A-Za-z0-9_-]+)/.exec(content);
      assert.ok(match, 'the letter holds a link');
      return match[1] as string;
    });
    assert.equal(new Set(tokens).size, 2, 'one link per list');
    const invitations = await db
      .selectFrom('signature_invitations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(invitations.n), 2, 'letters without {{lien_invitation}} created none');
    for (const token of tokens) {
      const found = await findInvitation(db, token);
      assert.equal(found.status, 'valid');
    }
  });

  test('an email is sent through SMTP and logged as a contact (sent)', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/courriel',
      { destinataire: LIST_LIEVIN, courriel: 'Zoe@Liste.example', modele: 'municipales-pacte', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 200, text(await response.clone().text()).slice(0, 400));
    assert.match(text(await response.text()), /Le courriel est parti vers/);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['zoe@liste.example']);
    assert.equal(
      plain(mail.parsed.subject ?? ''),
      'Pour les candidats aux élections municipales à Liévin : le Pacte du Logiciel Libre',
    );
    assert.equal(mail.parsed.replyTo?.value[0]?.address, 'benevole@cliss.example');
    assert.match(plain(mail.parsed.text ?? ''), /^Madame,/);
    assert.match(plain(mail.parsed.text ?? ''), /liste « Liévin ensemble »/);
    assert.match(plain(mail.parsed.text ?? ''), /Pour Cliss XXI, Lucien Petit/);
    const db = database().connection.db;
    const contacts = await contactsOf(db, await resolveTarget(db, 'list', LIST_LIEVIN));
    assert.equal(contacts.length, 1);
    assert.equal(contacts[0]?.channel, 'courriel');
    assert.equal(contacts[0]?.delivery_state, 'sent');
    assert.equal(contacts[0]?.user_id, volunteer.id);
    const send = await db.selectFrom('letter_sends').selectAll().where('list_id', '=', LIST_LIEVIN).executeTakeFirst();
    assert.equal(send?.status, 'sent');
    assert.equal(send?.contact_id, contacts[0]?.id);
    // The letters page shows what was sent.
    const home = text(await (await client.get(`/espace/lettres?destinataire=list:${LIST_LIEVIN}`)).text());
    assert.match(home, /zoe@liste\.example — envoyé/);
  });

  test('an address the SMTP server refuses: the email is logged as bounced', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/courriel',
      { destinataire: LIST_LENS_2, courriel: REFUSED, modele: 'municipales-pacte', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 502);
    assert.match(text(await response.text()), /Le serveur de courriel a refusé l’adresse inconnu@liste\.example : 550/);
    const db = database().connection.db;
    const contacts = await contactsOf(db, await resolveTarget(db, 'list', LIST_LENS_2));
    assert.equal(contacts[0]?.delivery_state, 'bounced');
    const send = await db.selectFrom('letter_sends').selectAll().where('list_id', '=', LIST_LENS_2).executeTakeFirst();
    assert.equal(send?.status, 'bounced');
    assert.match(send?.error ?? '', /550.*User unknown/);
    assert.ok(errors.length >= 1, 'the failure is logged');
  });

  test('addresses known for a list are proposed: signatories who accepted contact, earlier sends', async () => {
    const db = database().connection.db;
    const fields = {
      listName: 'Agir pour Lens',
      listPosition: '1',
      parties: '',
      website: '',
      communeName: 'Lens',
      postcode: '62300',
      lastName: 'GARÇON',
      firstName: 'François',
      phone: '',
      place: 'Lens',
      signedOn: '2026-02-01',
    };
    const base = { electionId: E, variant: 'list' as const, channel: 'paper' as const, listId: LIST_LENS_2 };
    await createSignature(db, {
      ...base,
      fields: { ...fields, email: 'francois@agir.example' },
      consentPublish: false,
      consentContact: true,
    });
    await createSignature(db, {
      ...base,
      fields: { ...fields, firstName: 'Paul', email: 'prive@agir.example' },
      consentPublish: false,
      consentContact: false,
    });
    const client = await as('benevole@cliss.example');
    const page = text(await (await client.get(`/espace/lettres?destinataire=${LIST_LENS_2}`)).text());
    assert.match(page, /Adresses connues : francois@agir\.example \(signature du pacte \(François GARÇON\)\)/);
    assert.doesNotMatch(page, /prive@agir\.example/, 'no consent to be contacted: not proposed');
    const lievin = text(await (await client.get(`/espace/lettres?destinataire=list:${LIST_LIEVIN}`)).text());
    assert.match(lievin, /Adresses connues : zoe@liste\.example \(courriel envoyé le \d{4}-\d\d-\d\d\)/);
  });

  test('bad email input is shown again with a French message per field', async () => {
    const client = await as('benevole@cliss.example');
    const response = await client.post(
      '/espace/lettres/courriel',
      { destinataire: 'nimporte-quoi', courriel: 'pas une adresse', modele: 'municipales-pacte', ...sender },
      '/espace/lettres',
    );
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(text(html), /Aucune liste ni candidature ne porte cet identifiant/);
    assert.match(text(html), /Adresse électronique invalide/);
    assert.match(html, /value="pas une adresse"/);
    assert.match(html, /value="Cliss XXI"/);
  });
});
