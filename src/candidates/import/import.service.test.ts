import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testApp } from '../../testing/app.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { setListLocked } from '../moderation.service.ts';
import { ImportError, importFile } from './import.service.ts';

// Issue 3: "re-importing the same file changes nothing; importing a corrected file updates only what
// changed and records each change in the audit log; a file that fails half-way leaves the database
// exactly as before."

const HEADER =
  'Code département;Département;Code circonscription;Circonscription;Numéro de panneau;Libellé abrégé de liste;Libellé de la liste;Code nuance de liste;Nuance de liste;Tête de liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote;Nationalité;Code personnalité;CC';

interface Row {
  dep?: string;
  insee?: string;
  commune?: string;
  panel: number;
  short: string;
  list: string;
  nuance?: string;
  nuanceLabel?: string;
  order: number;
  last: string;
  first: string;
}

function line(r: Row): string {
  const fields = [
    r.dep ?? '62',
    'Pas-de-Calais',
    r.insee ?? '62498',
    r.commune ?? 'Lens',
    String(r.panel),
    r.short,
    r.list,
    r.nuance ?? 'LDVG',
    r.nuanceLabel ?? 'Liste divers gauche',
    r.order === 1 ? 'OUI' : '',
    String(r.order),
    r.order % 2 ? 'F' : 'M',
    r.last,
    r.first,
    'FRA',
    '',
    r.order <= 3 ? 'O' : '',
  ];
  return fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(';');
}

const dir = mkdtempSync(join(tmpdir(), 'pacte-import-'));
function writeFile(name: string, rows: Row[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${[`"${HEADER.split(';').join('";"')}"`, ...rows.map(line)].join('\r\n')}\r\n`);
  return path;
}

const LENS_A: Row[] = [1, 2, 3, 4].map((order) => ({
  panel: 1,
  short: 'LENS ENSEMBLE',
  list: 'Lens ensemble, pour une ville libre',
  order,
  last: `DUPONT${order}`,
  first: 'Élodie',
}));
const LENS_B: Row[] = [1, 2, 3].map((order) => ({
  panel: 2,
  short: 'AVENIR',
  list: 'Avenir « Lensois »',
  nuance: 'LDVD',
  nuanceLabel: 'Liste divers droite',
  order,
  last: `MARTIN${order}`,
  first: 'Jean-Noël',
}));
const AJACCIO: Row[] = [
  {
    dep: '2A',
    insee: '2A004',
    commune: 'Ajaccio',
    panel: 1,
    short: 'AIACCIU',
    list: 'Aiacciu in cumunu',
    order: 1,
    last: 'SANTONI',
    first: 'Maria',
  },
];
const UNKNOWN: Row[] = [
  { insee: '62999', commune: 'Nulle part', panel: 1, short: 'X', list: 'X', order: 1, last: 'NEMO', first: 'Personne' },
];

forEachDatabase('candidate import (municipales 2026)', (database) => {
  const reportDir = join(dir, 'reports');
  const db = () => database().connection.db;
  const original = writeFile('t1.csv', [...LENS_A, ...LENS_B, ...AJACCIO, ...UNKNOWN]);

  test('first import creates lists and candidacies, rejects the unknown commune with its line', async () => {
    // No warning either: pg 9 will refuse a query sent while the client runs another (COPYs in flight).
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const s = await importFile(database().connection, original, { reportDir }).finally(async () => {
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      process.off('warning', onWarning);
    });
    assert.deepEqual(warnings, []);
    assert.equal(s.format, 'municipales-2026');
    assert.equal(s.electionId, 'municipales-2026');
    assert.deepEqual([s.read, s.created, s.updated, s.unchanged, s.rejected], [9, 8, 0, 0, 1]);
    assert.equal(s.lists.created, 3);
    assert.ok(s.reportPath);
    const report = readFileSync(s.reportPath, 'utf8');
    assert.match(report, /^\uFEFFligne;motif;contenu/);
    assert.match(report, /10;commune inconnue : code INSEE « 62999 »/);
    const members = await db()
      .selectFrom('candidacies')
      .select(['id', 'position', 'head'])
      .where('list_id', '=', 'municipales-2026.62498.1')
      .orderBy('position')
      .execute();
    assert.deepEqual(
      members.map((m) => m.id),
      [1, 2, 3, 4].map((n) => `municipales-2026.62498.1.${n}`),
    );
    assert.equal(Number(members[0]?.head), 1);
    const corsica = await db()
      .selectFrom('ballots')
      .select('name')
      .where('id', '=', 'municipales-2026.2A004')
      .executeTakeFirst();
    assert.equal(corsica?.name, 'Ajaccio');
  });

  test('the commune, list and person pages show the imported data', async () => {
    const { app } = testApp(database().connection);
    const commune = await (await app.request('/communes/62498')).text();
    assert.match(commune, /Lens ensemble, pour une ville libre/);
    assert.match(commune, /Avenir « Lensois »/);
    assert.match(commune, /Liste divers droite/);
    assert.match(commune, /tête de liste/);
    const list = await app.request('/listes/municipales-2026.62498.1');
    assert.equal(list.status, 200);
    const listHtml = await list.text();
    assert.ok(listHtml.indexOf('DUPONT1') < listHtml.indexOf('DUPONT4'));
    const person = await db()
      .selectFrom('candidacies')
      .select('person_id')
      .where('id', '=', 'municipales-2026.62498.2.1')
      .executeTakeFirstOrThrow();
    const personHtml = await (await app.request(`/personnes/${person.person_id}`)).text();
    assert.match(personHtml, /Jean-Noël MARTIN1/);
    assert.match(personHtml, /Élections municipales et communautaires 2026/);
    assert.equal((await app.request('/listes/nope')).status, 404);
  });

  test('re-importing the same file changes nothing', async () => {
    const auditBefore = await db().selectFrom('audit_log').select('id').execute();
    const s = await importFile(database().connection, original, { reportDir });
    assert.deepEqual([s.created, s.updated, s.deleted, s.unchanged], [0, 0, 0, 8]);
    assert.deepEqual([s.lists.created, s.lists.updated, s.lists.unchanged], [0, 0, 3]);
    const auditAfter = await db().selectFrom('audit_log').select('id').execute();
    assert.equal(auditAfter.length, auditBefore.length);
  });

  test('a corrected file updates only what changed, audited with before/after and the import', async () => {
    const corrected = LENS_A.map((r) => (r.order === 2 ? { ...r, first: 'Élise' } : r)).filter((r) => r.order !== 4);
    const path = writeFile('t2.csv', [...corrected, ...LENS_B, ...AJACCIO]);
    const s = await importFile(database().connection, path, { reportDir });
    assert.deepEqual([s.created, s.updated, s.deleted, s.unchanged, s.rejected], [0, 1, 1, 6, 0]);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('import_id', '=', s.importId)
      .orderBy('action')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.entity_id]),
      [
        ['delete', 'municipales-2026.62498.1.4'],
        ['update', 'municipales-2026.62498.1.2'],
      ],
    );
    const update = audit.find((a) => a.action === 'update');
    assert.deepEqual(JSON.parse(update?.before ?? '{}'), { first_name: 'Élodie' });
    assert.deepEqual(JSON.parse(update?.after ?? '{}'), { first_name: 'Élise' });
  });

  test('a locked list and fields edited by a moderator survive a re-import', async () => {
    await db().updateTable('lists').set({ locked: 1 }).where('id', '=', 'municipales-2026.62498.2').execute();
    await db()
      .updateTable('lists')
      .set({ short_name: 'LENS ENSEMBLE !', edited_fields: JSON.stringify(['short_name']) })
      .where('id', '=', 'municipales-2026.62498.1')
      .execute();
    const renamed = LENS_B.map((r) => ({ ...r, list: 'Nom officiel changé', last: `${r.last}X` }));
    const path = writeFile('t3.csv', [...LENS_A, ...renamed, ...AJACCIO]);
    await importFile(database().connection, path, { reportDir });
    const locked = await db()
      .selectFrom('lists')
      .select('name')
      .where('id', '=', 'municipales-2026.62498.2')
      .executeTakeFirst();
    assert.equal(locked?.name, 'Avenir « Lensois »');
    const lockedMember = await db()
      .selectFrom('candidacies')
      .select('last_name')
      .where('id', '=', 'municipales-2026.62498.2.1')
      .executeTakeFirst();
    assert.equal(lockedMember?.last_name, 'MARTIN1');
    const edited = await db()
      .selectFrom('lists')
      .select('short_name')
      .where('id', '=', 'municipales-2026.62498.1')
      .executeTakeFirst();
    assert.equal(edited?.short_name, 'LENS ENSEMBLE !');
  });

  test('--dry-run reports the same figures and writes nothing', async () => {
    const path = writeFile('t4.csv', [...LENS_A, ...LENS_B, { ...AJACCIO[0]!, last: 'SANTONI-PAOLI' }]);
    const before = await db().selectFrom('candidacies').select(['id', 'last_name']).orderBy('id').execute();
    const s = await importFile(database().connection, path, { reportDir, dryRun: true });
    assert.equal(s.dryRun, true);
    assert.equal(s.updated, 1);
    const after = await db().selectFrom('candidacies').select(['id', 'last_name']).orderBy('id').execute();
    assert.deepEqual(after, before);
  });

  test('an import that fails half-way leaves the database exactly as before', async () => {
    const big: Row[] = [];
    for (let panel = 1; panel <= 60; panel++) {
      for (let order = 1; order <= 40; order++) {
        big.push({
          insee: '62510',
          commune: 'Liévin',
          panel,
          short: `L${panel}`,
          list: `Liste ${panel}`,
          order,
          last: `NOM${panel}-${order}`,
          first: 'A',
        });
      }
    }
    const path = writeFile('big.csv', big);
    const count = async () => (await db().selectFrom('candidacies').select('id').execute()).length;
    const before = await count();
    let calls = 0;
    await assert.rejects(
      importFile(database().connection, path, {
        reportDir,
        onProgress: () => {
          if (++calls === 1) throw new Error('panne simulée pendant l’import');
        },
      }),
      /panne simulée/,
    );
    assert.equal(await count(), before);
    const ballot = await db()
      .selectFrom('ballots')
      .select('id')
      .where('id', '=', 'municipales-2026.62510')
      .executeTakeFirst();
    assert.equal(ballot, undefined);
  });

  test('an unknown election is refused with a one-line reason', async () => {
    await assert.rejects(
      importFile(database().connection, original, { electionId: 'municipales-1789' }),
      (e: unknown) => {
        assert.ok(e instanceof ImportError);
        assert.match(e.message, /élection inconnue : « municipales-1789 »/);
        return true;
      },
    );
  });

  test('a file in an unknown format is refused, naming the header it saw', async () => {
    const path = join(dir, 'other.csv');
    writeFileSync(path, 'nom;prénom;âge\nDupont;Jean;42\n');
    await assert.rejects(importFile(database().connection, path), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(e.message, /format non reconnu.*nom;prénom;âge/);
      return true;
    });
  });

  test('a ballot the file describes as last time is left alone; after an unlock, the file applies again', async () => {
    // State here: t3 imported while list 2 of Lens was locked (its official rename not applied).
    const renamed = LENS_B.map((r) => ({ ...r, list: 'Nom officiel changé', last: `${r.last}X` }));
    const path = writeFile('t5.csv', [...LENS_A, ...renamed, ...AJACCIO]);
    const again = await importFile(database().connection, path, { reportDir });
    assert.deepEqual([again.created, again.updated, again.deleted, again.unchanged], [0, 0, 0, 8]);
    const fingerprints = await db()
      .selectFrom('ballot_fingerprints')
      .select('ballot_id')
      .orderBy('ballot_id')
      .execute();
    assert.deepEqual(
      fingerprints.map((f) => f.ballot_id),
      ['municipales-2026.2A004', 'municipales-2026.62498'],
    );
    await setListLocked(db(), 'municipales-2026.62498.2', false, 'moderateur');
    const unlocked = await importFile(database().connection, path, { reportDir });
    assert.deepEqual([unlocked.created, unlocked.updated, unlocked.unchanged], [0, 3, 5]);
    const list = await db()
      .selectFrom('lists')
      .select('name')
      .where('id', '=', 'municipales-2026.62498.2')
      .executeTakeFirst();
    assert.equal(list?.name, 'Nom officiel changé');
  });
});
