import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { importFile } from './import/import.service.ts';
import { decideMatch, listAmbiguousMatches, matchMandates, scorePair } from './rne-matching.service.ts';

// Issue: "RNE import marks who holds a mandate now (mayor, councillor, député…) and links them to
// candidacies (same name + commune/circonscription + birth date when available), with the match
// confidence stored; ambiguous matches are listed for a moderator, never guessed silently."

const dir = mkdtempSync(join(tmpdir(), 'pacte-rne-'));
const reportDir = join(dir, 'reports');

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const MAIRES_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Date de début de la fonction";
const CM_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";
const DEPUTES_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la circonscription législative;Libellé de la circonscription législative;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat";

const mayor = (
  dep: string,
  insee: string,
  commune: string,
  last: string,
  first: string,
  sex: string,
  birth: string,
  since: string,
) => `${dep};Dép;;;${insee};${commune};${last};${first};${sex};${birth};38;Cadre;2026-03-15;${since}`;

const LENS = mayor('62', '62498', 'Lens', 'LEFÈBVRE', 'Anne-Sophie', 'F', '1975-05-05', '2026-03-21');
const LIEVIN = mayor('62', '62510', 'Liévin', 'MARTIN', 'Jean', 'M', '1960-01-01', '2026-03-22');
const ABERGEMENT = mayor(
  '01',
  '01001',
  "L'Abergement-Clémenciat",
  'EVALET TAPONAT',
  'Line',
  'F',
  '1967-07-22',
  '2026-03-23',
);
const VAREY = mayor('01', '01002', "L'Abergement-De-Varey", 'COUROUBLE', 'François', 'M', '1958-02-21', '2026-03-20');
const NOWHERE = mayor('62', '62999', 'Nulle-Part', 'NEMO', 'Personne', 'M', '1950-01-01', '2026-03-20');

const MUNI_HEADER =
  'Code département;Département;Code circonscription;Circonscription;Numéro de panneau;Libellé abrégé de liste;Libellé de la liste;Code nuance de liste;Nuance de liste;Tête de liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote;Nationalité;Code personnalité;CC';

function muni(insee: string, commune: string, panel: number, list: string, order: number, last: string, first: string) {
  return [
    '62',
    'Pas-de-Calais',
    insee,
    commune,
    String(panel),
    list.toUpperCase(),
    list,
    'LDIV',
    'Liste divers',
    order === 1 ? 'OUI' : '',
    String(order),
    order % 2 ? 'F' : 'M',
    last,
    first,
    'Française',
    '',
    'OUI',
  ]
    .map((f) => `"${f}"`)
    .join(';');
}

const MUNICIPALES = [
  `"${MUNI_HEADER.split(';').join('";"')}"`,
  // The mayor of Lens heads a list: written without accent nor hyphen in the candidate file.
  muni('62498', 'Lens', 1, 'Lens en commun', 1, 'LEFEBVRE', 'Anne Sophie'),
  muni('62498', 'Lens', 1, 'Lens en commun', 2, 'KACZMAREK', 'Jérôme'),
  muni('62498', 'Lens', 2, 'Lens demain', 1, 'DURAND', 'Claire'),
  // Two homonyms of the mayor of Liévin on the same ballot, and no birth dates in the file.
  muni('62510', 'Liévin', 1, 'Liévin ensemble', 1, 'DUPONT', 'Marie'),
  muni('62510', 'Liévin', 1, 'Liévin ensemble', 2, 'MARTIN', 'Jean'),
  muni('62510', 'Liévin', 2, 'Liévin avenir', 1, 'LEROY', 'Sophie'),
  muni('62510', 'Liévin', 2, 'Liévin avenir', 2, 'MARTIN', 'Jean'),
];

forEachDatabase('RNE import and matching', (database) => {
  const connection = () => database().connection;
  const db = () => database().connection.db;
  const auditCount = async () => (await db().selectFrom('audit_log').select('id').execute()).length;
  const maires1 = write('maires-1.csv', [MAIRES_HEADER, LENS, LIEVIN, ABERGEMENT, VAREY, NOWHERE]);

  test('a mayors file creates the mandates, rejects an unknown commune with its line and reason', async () => {
    const s = await importFile(connection(), maires1, { reportDir });
    assert.equal(s.format, 'rne-maires');
    assert.equal(s.electionId, null);
    assert.deepEqual([s.read, s.created, s.updated, s.unchanged, s.deleted, s.rejected], [5, 4, 0, 0, 0, 1]);
    assert.ok(s.reportPath);
    assert.match(readFileSync(s.reportPath, 'utf8'), /\r\n6;commune inconnue : code INSEE « 62999 »;/);
    const lens = await db()
      .selectFrom('mandates')
      .selectAll()
      .where('commune_code', '=', '62498')
      .executeTakeFirstOrThrow();
    assert.equal(lens.id, 'maire:62498:lefebvre-anne-sophie:1975-05-05');
    assert.deepEqual(
      [lens.mandate, lens.territory_kind, lens.departement_code, lens.function_start, Number(lens.current)],
      ['maire', 'commune', '62', '2026-03-21', 1],
    );
    const row = await db().selectFrom('imports').selectAll().where('id', '=', s.importId).executeTakeFirstOrThrow();
    assert.equal(row.election_id, null);
    assert.equal(Number(row.rejected_rows), 1);
  });

  test('re-importing the same file changes nothing', async () => {
    const audit = await auditCount();
    const s = await importFile(connection(), maires1, { reportDir });
    assert.deepEqual([s.created, s.updated, s.unchanged, s.deleted, s.rejected], [0, 0, 4, 0, 1]);
    assert.equal(await auditCount(), audit);
  });

  test('a re-import leaves alone the départements whose rows hash as last time (fingerprints), compares the others', async () => {
    const prints = await db()
      .selectFrom('mandate_fingerprints')
      .select(['mandate', 'departement_code'])
      .orderBy('departement_code')
      .execute();
    assert.deepEqual(
      prints.map((p) => [p.mandate, p.departement_code]),
      [
        ['maire', '01'],
        ['maire', '62'],
      ],
    );
    // Changed behind the importer's back: a département the file repeats is not read back...
    const lens = 'maire:62498:lefebvre-anne-sophie:1975-05-05';
    await db().updateTable('mandates').set({ function_start: '1999-01-01' }).where('id', '=', lens).execute();
    const same = await importFile(connection(), maires1, { reportDir });
    assert.deepEqual([same.created, same.updated, same.unchanged], [0, 0, 4]);
    const kept = await db()
      .selectFrom('mandates')
      .select('function_start')
      .where('id', '=', lens)
      .executeTakeFirstOrThrow();
    assert.equal(kept.function_start, '1999-01-01');
    // ...until its fingerprint is gone (or the file changes there): then it is compared and restored.
    await db().deleteFrom('mandate_fingerprints').where('departement_code', '=', '62').execute();
    const compared = await importFile(connection(), maires1, { reportDir });
    assert.deepEqual([compared.created, compared.updated, compared.unchanged], [0, 1, 3]);
    const restored = await db()
      .selectFrom('mandates')
      .select('function_start')
      .where('id', '=', lens)
      .executeTakeFirstOrThrow();
    assert.equal(restored.function_start, '2026-03-21');
  });

  test('a candidate import links the mayor who heads a list (auto, 80) and lists homonyms as ambiguous', async () => {
    const s = await importFile(connection(), write('municipales.csv', MUNICIPALES), { reportDir });
    assert.equal(s.created, 7);
    assert.ok(s.matches);
    assert.deepEqual([s.matches.auto, s.matches.ambiguous, s.matches.created], [1, 2, 3]);
    const lens = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .where('mandate_id', '=', 'maire:62498:lefebvre-anne-sophie:1975-05-05')
      .execute();
    assert.equal(lens.length, 1);
    assert.deepEqual(
      [lens[0]?.candidacy_id, lens[0]?.status, Number(lens[0]?.confidence), lens[0]?.method],
      ['municipales-2026.62498.1.1', 'auto', 80, 'name+territory'],
    );
    const lievin = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .where('mandate_id', '=', 'maire:62510:martin-jean:1960-01-01')
      .orderBy('candidacy_id')
      .execute();
    assert.deepEqual(
      lievin.map((m) => [m.candidacy_id, m.status, Number(m.confidence)]),
      [
        ['municipales-2026.62510.1.2', 'ambiguous', 80],
        ['municipales-2026.62510.2.2', 'ambiguous', 80],
      ],
    );
  });

  test('listAmbiguousMatches gives the moderator both candidacies of the homonyms', async () => {
    const { total, items } = await listAmbiguousMatches(db(), { limit: 10, offset: 0 });
    assert.equal(total, 2);
    assert.deepEqual(
      items.map((i) => [i.mandateId, i.candidacyId, i.territoryName, i.listName, i.confidence]),
      [
        ['maire:62510:martin-jean:1960-01-01', 'municipales-2026.62510.1.2', 'Liévin', 'Liévin ensemble', 80],
        ['maire:62510:martin-jean:1960-01-01', 'municipales-2026.62510.2.2', 'Liévin', 'Liévin avenir', 80],
      ],
    );
    assert.equal((await listAmbiguousMatches(db(), { limit: 1, offset: 1 })).items.length, 1);
  });

  test('matching again changes nothing and never duplicates links', async () => {
    const before = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .orderBy('mandate_id')
      .orderBy('candidacy_id')
      .execute();
    const s = await matchMandates(db());
    assert.deepEqual([s.created, s.updated, s.deleted], [0, 0, 0]);
    const after = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .orderBy('mandate_id')
      .orderBy('candidacy_id')
      .execute();
    assert.deepEqual(after, before);
  });

  test('decideMatch confirms one link (audited), rejects its competitor, and later runs keep both decisions', async () => {
    const r = await decideMatch(db(), {
      mandateId: 'maire:62510:martin-jean:1960-01-01',
      candidacyId: 'municipales-2026.62510.2.2',
      decision: 'confirmed',
      actor: 'moderatrice@example.org',
    });
    assert.deepEqual(r, { status: 'confirmed', alsoRejected: 1 });
    const rows = await db()
      .selectFrom('mandate_matches')
      .select(['candidacy_id', 'status', 'decided_by'])
      .where('mandate_id', '=', 'maire:62510:martin-jean:1960-01-01')
      .orderBy('candidacy_id')
      .execute();
    assert.deepEqual(
      rows.map((m) => [m.candidacy_id, m.status, m.decided_by]),
      [
        ['municipales-2026.62510.1.2', 'rejected', 'moderatrice@example.org'],
        ['municipales-2026.62510.2.2', 'confirmed', 'moderatrice@example.org'],
      ],
    );
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'mandate_match')
      .where('actor', '=', 'moderatrice@example.org')
      .execute();
    assert.equal(audit.length, 2);
    assert.equal((await listAmbiguousMatches(db())).total, 0);
    // A new candidate import runs the matching again: decisions stand, nothing is added.
    const s = await importFile(connection(), write('municipales-bis.csv', MUNICIPALES), { reportDir });
    assert.deepEqual([s.matches?.created, s.matches?.updated, s.matches?.deleted], [0, 0, 0]);
    const again = await db()
      .selectFrom('mandate_matches')
      .select(['candidacy_id', 'status'])
      .where('mandate_id', '=', 'maire:62510:martin-jean:1960-01-01')
      .orderBy('candidacy_id')
      .execute();
    assert.deepEqual(
      again.map((m) => m.status),
      ['rejected', 'confirmed'],
    );
    await assert.rejects(
      decideMatch(db(), { mandateId: 'nope', candidacyId: 'nope', decision: 'confirmed', actor: 'x' }),
      /rapprochement introuvable/,
    );
  });

  test('a councillors file counts the councillors of a commune and leaves the mayors in office', async () => {
    const cm = (last: string, first: string, fn: string) =>
      `62;Pas-de-Calais;;;62498;Lens;${last};${first};F;01/01/1970;38;Cadre;15/03/2026;${fn};21/03/2026;FR`;
    const s = await importFile(
      connection(),
      write('cm.csv', [
        CM_HEADER,
        cm('LEFÈBVRE', 'Anne-Sophie', 'Maire'),
        cm('KACZMAREK', 'Jérôme', 'Premier adjoint au maire'),
        cm('DURAND', 'Claire', ''),
      ]),
      { reportDir },
    );
    assert.deepEqual([s.created, s.rejected, s.deleted], [3, 0, 0]);
    const mayors = await db()
      .selectFrom('mandates')
      .select('id')
      .where('mandate', '=', 'maire')
      .where('current', '=', 1)
      .execute();
    assert.equal(mayors.length, 4);
  });

  test('the commune page shows the current mayor, linked to their candidacy, and the councillors', async () => {
    const { app } = testApp(connection());
    const html = await (await app.request('/communes/62498')).text();
    const person = await db()
      .selectFrom('candidacies')
      .select('person_id')
      .where('id', '=', 'municipales-2026.62498.1.1')
      .executeTakeFirstOrThrow();
    assert.match(html, /<dt>Maire<\/dt>/);
    assert.ok(
      html.includes(`<a href="/personnes/${person.person_id}">Anne-Sophie LEFÈBVRE</a>, depuis le 21 mars 2026`),
      'mayor shown with the date of the function',
    );
    assert.match(html, /<dt>Conseillers municipaux<\/dt><dd>3 en fonction/);
    const personHtml = await (await app.request(`/personnes/${person.person_id}`)).text();
    assert.match(personHtml, /En fonction \(Répertoire national des élus\)/);
    assert.match(personHtml, /<span class="badge">Maire — Lens, depuis le 21 mars 2026<\/span>/);
    // The councillor mandate with the function « Maire » says the same: shown once.
    assert.equal(personHtml.split('<span class="badge">Maire — Lens').length, 2);
    const abergement = await (await app.request('/communes/01001')).text();
    assert.match(abergement, /Line EVALET TAPONAT, depuis le 23 mars 2026/);
    const none = await (await app.request('/communes/62001')).text();
    assert.doesNotMatch(none, /<dt>Maire<\/dt>/);
  });

  test('a candidate re-import unlinks a renamed or deleted candidacy (audited), only where candidacies changed', async () => {
    const lensLinks = () =>
      db()
        .selectFrom('mandate_matches as mm')
        .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
        .select(['m.mandate', 'mm.candidacy_id', 'mm.status'])
        .where('m.commune_code', '=', '62498')
        .orderBy('m.mandate')
        .orderBy('mm.candidacy_id')
        .execute();
    const before = await lensLinks();
    assert.deepEqual(
      before.map((l) => [l.mandate, l.candidacy_id, l.status]),
      [
        ['conseiller-municipal', 'municipales-2026.62498.1.1', 'auto'],
        ['conseiller-municipal', 'municipales-2026.62498.1.2', 'auto'],
        ['conseiller-municipal', 'municipales-2026.62498.2.1', 'auto'],
        ['maire', 'municipales-2026.62498.1.1', 'auto'],
      ],
    );
    const lievin = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .where('candidacy_id', 'like', '%62510%')
      .execute();
    // The head of « Lens en commun » now has a compound last name; « Lens demain » is withdrawn.
    const changed = MUNICIPALES.filter((l) => !l.includes('DURAND')).map((l) =>
      l.includes('LEFEBVRE') ? l.replace('"LEFEBVRE"', '"LEFEBVRE-MARTIN"') : l,
    );
    const s = await importFile(connection(), write('municipales-ter.csv', changed), { reportDir });
    assert.deepEqual([s.updated, s.deleted], [1, 1]);
    assert.deepEqual([s.matches?.created, s.matches?.updated, s.matches?.deleted], [0, 0, 3]);
    assert.deepEqual(
      (await lensLinks()).map((l) => [l.mandate, l.candidacy_id]),
      [['conseiller-municipal', 'municipales-2026.62498.1.2']],
    );
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('import_id', '=', s.importId)
      .where('entity_type', '=', 'mandate_match')
      .orderBy('entity_id')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.entity_id]),
      [
        ['delete', 'conseiller-municipal:62498:durand-claire:1970-01-01|municipales-2026.62498.2.1'],
        ['delete', 'conseiller-municipal:62498:lefebvre-anne-sophie:1970-01-01|municipales-2026.62498.1.1'],
        ['delete', 'maire:62498:lefebvre-anne-sophie:1975-05-05|municipales-2026.62498.1.1'],
      ],
    );
    // Liévin's candidacies did not change: its links (and the moderator's decisions) were not looked at.
    assert.deepEqual(
      await db().selectFrom('mandate_matches').selectAll().where('candidacy_id', 'like', '%62510%').execute(),
      lievin,
    );
    // The original file again: the same links as before.
    const again = await importFile(connection(), write('municipales-quater.csv', MUNICIPALES), { reportDir });
    assert.deepEqual([again.matches?.created, again.matches?.deleted], [3, 0]);
    assert.deepEqual(await lensLinks(), before);
  });

  test('a corrected file updates only what changed (audited), and a mayor absent from it is no longer in office', async () => {
    const varey = VAREY.replace('2026-03-20', '2026-03-25');
    const path = write('maires-2.csv', [MAIRES_HEADER, LENS, LIEVIN, varey]);
    const s = await importFile(connection(), path, { reportDir });
    assert.deepEqual([s.created, s.updated, s.unchanged, s.deleted, s.rejected], [0, 1, 2, 1, 0]);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('import_id', '=', s.importId)
      .where('entity_type', '=', 'mandate')
      .orderBy('entity_id')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.entity_id, JSON.parse(a.before ?? '{}'), JSON.parse(a.after ?? '{}').current ?? null]),
      [
        ['maire:01001:evalet-taponat-line:1967-07-22', { current: 1, ended_at: null }, 0],
        ['maire:01002:courouble-francois:1958-02-21', { function_start: '2026-03-20' }, null],
      ],
    );
    const ended = await db()
      .selectFrom('mandates')
      .select(['current', 'ended_at'])
      .where('id', '=', 'maire:01001:evalet-taponat-line:1967-07-22')
      .executeTakeFirstOrThrow();
    assert.equal(Number(ended.current), 0);
    assert.ok(ended.ended_at);
    const { app } = testApp(connection());
    assert.doesNotMatch(await (await app.request('/communes/01001')).text(), /<dt>Maire<\/dt>/);
    const again = await importFile(connection(), path, { reportDir });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.deleted], [0, 0, 3, 0]);
  });

  test('a dry run reports the figures and writes nothing', async () => {
    const mandates = await db().selectFrom('mandates').selectAll().orderBy('id').execute();
    const audit = await auditCount();
    const s = await importFile(connection(), maires1, { reportDir, dryRun: true });
    assert.deepEqual([s.dryRun, s.updated, s.rejected], [true, 2, 1]);
    assert.deepEqual(await db().selectFrom('mandates').selectAll().orderBy('id').execute(), mandates);
    assert.equal(await auditCount(), audit);
  });

  test('a one-département extract ends only the mandates of that département (a file speaks for its territories)', async () => {
    const before = await db()
      .selectFrom('mandates')
      .select(['id', 'current'])
      .where('mandate', '=', 'maire')
      .where('departement_code', '!=', '62')
      .orderBy('id')
      .execute();
    assert.ok(
      before.some((m) => Number(m.current) === 1),
      'a mayor in office outside the Pas-de-Calais',
    );
    const s = await importFile(connection(), write('maires-62.csv', [MAIRES_HEADER, LENS]), { reportDir });
    assert.deepEqual([s.created, s.updated, s.unchanged, s.deleted, s.departements], [0, 0, 1, 1, ['62']]);
    const lievin = await db()
      .selectFrom('mandates')
      .select('current')
      .where('id', '=', 'maire:62510:martin-jean:1960-01-01')
      .executeTakeFirstOrThrow();
    assert.equal(
      Number(lievin.current),
      0,
      'the mayor of Liévin (62), missing from the extract, is no longer in office',
    );
    const after = await db()
      .selectFrom('mandates')
      .select(['id', 'current'])
      .where('mandate', '=', 'maire')
      .where('departement_code', '!=', '62')
      .orderBy('id')
      .execute();
    assert.deepEqual(after, before, 'mayors of other départements untouched');
    // The national file again: Liévin's mayor is back in office, nothing else changes.
    const again = await importFile(
      connection(),
      write('maires-3.csv', [MAIRES_HEADER, LENS, LIEVIN, VAREY.replace('2026-03-20', '2026-03-25')]),
      {
        reportDir,
      },
    );
    assert.deepEqual([again.created, again.updated, again.unchanged, again.deleted], [0, 1, 2, 0]);
    assert.deepEqual(again.departements, ['01', '62']);
  });

  test('a député is linked to their législatives candidacy by name, birth date and circonscription (100)', async () => {
    await importFile(
      connection(),
      write('legislatives.csv', [
        'Code département;Libellé département;Code circonscription;Libellé circonscription;Numéro de panneau;N° dépôt;Sexe du candidat;Nom du candidat;Prénom du candidat;Date de naissance du candidat;Code nuance;Profession;Sortant;Sexe remplaçant;Nom remplaçant;Prénom remplaçant;Date de naissance remplaçant;Sortant remplaçant',
        '01;Ain;0101;1ère circonscription;1;01-01-0001;M;BRETON;Xavier;25/11/1962;LR;(33) Cadre de la fonction publique;OUI;F;DUBOIS;Anne;01/01/1980;',
        '01;Ain;0101;1ère circonscription;2;01-01-0002;M;BRETON;Xavier;02/02/1990;RN;(33) Cadre de la fonction publique;;M;PETIT;Luc;01/01/1981;',
      ]),
      { reportDir },
    );
    const s = await importFile(
      connection(),
      write('deputes.csv', [
        DEPUTES_HEADER,
        '01;Ain;;;0101;1Ère Circonscription;BRETON;Xavier;M;25/11/1962;33;Cadre de la fonction publique;08/07/2024',
        '96;Nulle part;;;9601;1Ère Circonscription;NEMO;Jean;M;01/01/1970;33;Cadre;08/07/2024',
      ]),
      { reportDir },
    );
    assert.deepEqual([s.format, s.created, s.rejected], ['rne-deputes', 1, 1]);
    assert.match(readFileSync(s.reportPath ?? '', 'utf8'), /\r\n3;département inconnu : « 96 »;/);
    assert.deepEqual([s.matches?.auto, s.matches?.ambiguous], [1, 0]);
    const links = await db()
      .selectFrom('mandate_matches')
      .selectAll()
      .where('mandate_id', '=', 'depute:01-01:breton-xavier:1962-11-25')
      .execute();
    assert.deepEqual(
      links.map((l) => [l.candidacy_id, l.status, Number(l.confidence), l.method]),
      [['legislatives-2024.01-01.1', 'auto', 100, 'name+birthdate+territory']],
    );
  });

  test('an import that fails half-way leaves the database exactly as before', async () => {
    const communes = await db()
      .selectFrom('communes')
      .select(['insee', 'departement_code'])
      .orderBy('insee')
      .limit(2400)
      .execute();
    // 12,000 rows: the first 10,000 are written before the failure (write batches of 10,000).
    const path = write('maires-big.csv', [
      MAIRES_HEADER,
      ...[1, 2, 3, 4, 5].flatMap((n) =>
        communes.map((c, i) =>
          mayor(c.departement_code, c.insee, 'X', `NOM${i}`, `Prénom${n}`, 'M', '1970-01-01', '2026-03-20'),
        ),
      ),
    ]);
    const snapshot = async () => ({
      mandates: await db().selectFrom('mandates').selectAll().orderBy('id').execute(),
      matches: await db()
        .selectFrom('mandate_matches')
        .selectAll()
        .orderBy('mandate_id')
        .orderBy('candidacy_id')
        .execute(),
      audit: await auditCount(),
    });
    const before = await snapshot();
    let calls = 0;
    await assert.rejects(
      importFile(connection(), path, {
        reportDir,
        onProgress: () => {
          if (++calls === 2) throw new Error('panne simulée pendant l’import');
        },
      }),
      /panne simulée/,
    );
    assert.deepEqual(await snapshot(), before);
  });
});

test('scorePair: names tolerant of accents, hyphens and compound first names; birth dates decide', () => {
  const m = { first_name: 'Jean-Baptiste', birth_date: '1970-05-01' };
  assert.deepEqual(scorePair(m, { first_name: 'JEAN BAPTISTE', birth_date: '1970-05-01' })?.confidence, 100);
  assert.deepEqual(scorePair(m, { first_name: 'Jean-Baptiste', birth_date: null })?.confidence, 80);
  assert.deepEqual(scorePair(m, { first_name: 'Jean', birth_date: '1970-05-01' })?.confidence, 90);
  assert.deepEqual(scorePair(m, { first_name: 'Jean', birth_date: null })?.confidence, 60);
  assert.equal(scorePair(m, { first_name: 'Jean-Baptiste', birth_date: '1971-05-01' }), null);
  assert.equal(scorePair(m, { first_name: 'Baptiste', birth_date: null }), null);
  assert.equal(
    scorePair({ first_name: 'Élodie', birth_date: null }, { first_name: 'elodie', birth_date: null })?.confidence,
    80,
  );
});
