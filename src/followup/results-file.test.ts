import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Db } from '../db/connection.ts';
import { seedSignatures } from '../pledges/signatures.fixtures.ts';
import { campaignStatistics } from '../statistics/statistics.service.ts';
import { campaignSources } from '../statistics/statistics.sources.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { writeFixture } from './followup.fixtures.ts';
import { electedSignatories, matchList, resultFlags } from './results.service.ts';
import { communeCode, readResultRow, resultsLayout } from './results-file.parse.ts';
import { importResultsFile, resultsFileLayout } from './results-file.ts';
import { getScorecard, refreshScorecards } from './scorecards.service.ts';

export const RESULTS_FIXTURE = join(
  import.meta.dirname,
  'fixtures',
  'municipales-2026-resultats-communes-2026-03-20.csv',
);
const HEADER = readFileSync(RESULTS_FIXTURE, 'utf8').split('\n')[0] as string;
const COMMUNE_CELLS = '"22000";"10000";"45,45";"12000";"54,55";"9800";"44,55";"98,00";"120";"80"';

test('results layout: found by header names; commune codes in every form; rows longer or shorter than the header', () => {
  const layout = resultsLayout(HEADER);
  assert.ok(layout);
  assert.equal(layout.blocks.length, 3);
  assert.equal(layout.stride, 8);
  assert.equal(
    resultsLayout('"Code département";"Code circonscription";"Numéro de panneau";"Libellé de la liste"'),
    null,
  );
  assert.equal(communeCode('62', '62498'), '62498');
  assert.equal(communeCode('62', '498'), '62498');
  assert.equal(communeCode('2A', '4'), '2A004');
  assert.equal(communeCode('ZA', '101'), '97101');
  assert.equal(communeCode('971', '01'), '97101');
  assert.equal(communeCode('13', '13055SR01'), '13055SR01');
  assert.equal(communeCode('62', 'Lens'), null);
  const block = (n: number, seats: string) => `"${n}";"L${n}";"Liste ${n}";"LDIV";"10";"1,00";"${seats}";"0"`;
  // A fourth block beyond the header continues the pattern; a short row has empty blocks.
  const long = readResultRow(
    layout,
    `"62";"P";"62498";"Lens";${COMMUNE_CELLS};${[1, 2, 3, 4].map((n) => block(n, String(n))).join(';')}`,
    9,
  );
  assert.ok(typeof long !== 'string');
  assert.deepEqual(
    long.lists.map((l) => [l.name, l.seatsCm]),
    [
      ['Liste 1', 1],
      ['Liste 2', 2],
      ['Liste 3', 3],
      ['Liste 4', 4],
    ],
  );
  const short = readResultRow(layout, `"62";"P";"62498";"Lens";${COMMUNE_CELLS};${block(1, '')}`, 10);
  assert.ok(typeof short !== 'string');
  assert.equal(short.lists[0]?.seatsCm, 0);
  assert.match(
    String(readResultRow(layout, `"62";"P";"";"Lens";${COMMUNE_CELLS};${block(1, '1')}`, 11)),
    /code commune vide/,
  );
  assert.match(
    String(readResultRow(layout, `"62";"P";"62498";"Lens";${COMMUNE_CELLS};"";"";"";"";"";"";"3";""`, 12)),
    /sièges sans nom de liste/,
  );
});

test('lists matched by name and panel together first: two lists of a commune may bear the same name', () => {
  const lists = [
    { id: 'a', name: 'Agir pour Anhiers', short_name: 'AGIR', panel: 1 },
    { id: 'b', name: 'Agir pour Anhiers', short_name: 'AGIR', panel: 2 },
  ];
  assert.equal(matchList(lists, { name: 'Agir pour Anhiers', shortName: 'AGIR', panel: 2 })?.id, 'b');
  assert.equal(matchList(lists, { name: 'AGIR POUR ANHIERS', shortName: '', panel: 7 })?.id, 'a');
  assert.equal(matchList(lists, { name: '', shortName: '', panel: 2 })?.id, 'b');
  assert.equal(matchList(lists, { name: 'Autre', shortName: 'AUTRE', panel: 9 }), undefined);
});

async function flagsOf(db: Db, listIds: string[], candidacyIds: string[] = []) {
  const flags = await resultFlags(db, { listIds, candidacyIds });
  return new Map(
    [...flags].map(([k, v]) => [
      k,
      v.filter((f) => f.source === 'results').map((f) => `${f.flag} ${f.detail} ${f.asOf}`),
    ]),
  );
}

forEachDatabase('results by commune (Ministère de l’Intérieur): seats won', (database) => {
  const db = () => database().connection.db;
  let lens: { id: string; name: string }[];
  let members: { id: string; position: number | null; last_name: string }[];
  let ajaccio: string;
  const dir = mkdtempSync(join(tmpdir(), 'pacte-results-'));

  before(async () => {
    await seedSignatures(database().connection);
    lens = await db()
      .selectFrom('lists')
      .select(['id', 'name'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('panel')
      .execute();
    members = await db()
      .selectFrom('candidacies')
      .select(['id', 'position', 'last_name'])
      .where('ballot_id', '=', 'municipales-2026.62498')
      .orderBy('position')
      .execute();
    ajaccio = (
      await db()
        .selectFrom('lists')
        .select('id')
        .where('ballot_id', '=', 'municipales-2026.2A004')
        .executeTakeFirstOrThrow()
    ).id;
  });

  test('refusals: unknown election, not a municipales election, not a results file, bad date', async () => {
    await assert.rejects(
      importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'municipales-1789' }),
      /élection inconnue/,
    );
    await assert.rejects(importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'legislatives-2024' }), /municipales/);
    const candidates = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');
    await assert.rejects(
      importResultsFile(db(), candidates, { electionId: 'municipales-2026' }),
      /pas un fichier de résultats par commune/,
    );
    assert.equal(await resultsFileLayout(candidates), null);
    assert.ok(await resultsFileLayout(RESULTS_FIXTURE));
    await assert.rejects(
      importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'municipales-2026', date: '20/03/2026' }),
      /date invalide/,
    );
  });

  test('dry run: the exact changes and the rejected lines, nothing written', async () => {
    const s = await importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'municipales-2026', dryRun: true });
    assert.equal(s.read, 7);
    assert.equal(s.asOf, '2026-03-20', 'the date in the file name');
    assert.equal(s.decided, 2, 'Lens and Ajaccio; Saint-Denis has no seat yet');
    assert.equal(s.electedLists, 3);
    assert.deepEqual(s.counts.lists, { created: 3, updated: 0, unchanged: 0, ended: 0 });
    // Lens en commun: 2 seats → positions 1 and 2; Lens; demain: 1 seat; Aiacciu inseme: 1 seat.
    assert.equal(s.counts.candidacies.created, 4);
    assert.deepEqual(
      s.rejected.map((r) => [r.line, r.reason]),
      [
        [4, 'liste 1 « Ajaccio d’abord » (panneau 1) inconnue à Ajaccio (municipales-2026.2A004)'],
        [5, 'Sièges au CM 1 : « beaucoup » n’est pas un nombre entier'],
        [6, 'commune inconnue : code « 99999 »'],
        [7, 'aucune liste de Liévin (62510) n’est connue pour municipales-2026 : importez d’abord les candidatures'],
        [8, 'guillemet non fermé (ligne tronquée ?)'],
      ],
    );
    const written = await db().selectFrom('election_results').select('id').where('source', '=', 'results').execute();
    assert.equal(written.length, 0);
  });

  test('import: lists with seats elected, their first candidates too; elected signatories counted on /statistiques', async () => {
    const before = await campaignStatistics(db(), campaignSources, 'municipales-2026');
    assert.equal(before.totals.elected, null, 'no result known yet');
    const s = await importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'municipales-2026', actor: 'test' });
    assert.equal(s.counts.lists.created, 3);
    const [first, second] = lens as [{ id: string; name: string }, { id: string; name: string }];
    const flags = await flagsOf(
      db(),
      [first.id, second.id, ajaccio],
      members.map((m) => m.id),
    );
    assert.deepEqual(flags.get(`list:${first.id}`), [
      'elected conseiller-communautaire,conseiller-municipal 2026-03-20',
    ]);
    assert.deepEqual(flags.get(`list:${second.id}`), ['elected conseiller-municipal 2026-03-20']);
    assert.deepEqual(flags.get(`list:${ajaccio}`), ['elected conseiller-municipal 2026-03-20']);
    const elected = members.filter((m) => flags.get(`candidacy:${m.id}`)?.length).map((m) => m.last_name);
    // LEFÈBVRE (1) and KACZMAREK (2) of Lens en commun, DUBOIS (1) of Lens; demain; not DA SILVA (3).
    assert.deepEqual(elected.sort(), ['DUBOIS', 'KACZMAREK', 'LEFÈBVRE']);
    const source = await db()
      .selectFrom('election_results')
      .select(['source_ref'])
      .where('target_id', '=', first.id)
      .executeTakeFirstOrThrow();
    assert.equal(source.source_ref, 'municipales-2026-resultats-communes-2026-03-20.csv');

    // The list « Lens en commun » (list signature) and Jérôme KACZMAREK (in person).
    assert.deepEqual(await electedSignatories(db(), 'municipales-2026'), {
      signatures: 2,
      lists: 1,
      individuals: 1,
      collectivities: 1,
    });
    const after = await campaignStatistics(db(), campaignSources, 'municipales-2026');
    assert.equal(after.totals.elected, 2);

    const again = await importResultsFile(db(), RESULTS_FIXTURE, { electionId: 'municipales-2026' });
    assert.deepEqual(again.counts.lists, { created: 0, updated: 0, unchanged: 3, ended: 0 });
    assert.deepEqual(again.counts.candidacies, { created: 0, updated: 0, unchanged: 4, ended: 0 });
  });

  test('scorecards: the commune and its EPCI (community seats) from the results flags', async () => {
    const r = await refreshScorecards(db(), 'municipales-2026', { actor: 'test' });
    assert.equal(r.created, 2);
    assert.equal((await getScorecard(db(), '62498'))?.scorecard.collectivity_name, 'Lens');
    assert.equal((await getScorecard(db(), 'epci-246200364'))?.scorecard.collectivity_kind, 'epci');
  });

  test('second-round file: only the communes it decides change (Saint-Denis elected, Lens’s second list loses its seat)', async () => {
    const saintDenis = (
      await db()
        .selectFrom('lists')
        .select('id')
        .where('ballot_id', '=', 'municipales-2026.93066')
        .executeTakeFirstOrThrow()
    ).id;
    const empty = ';"";"";"";"";"";"";"";""';
    const path = writeFixture(dir, 'municipales-2026-resultats-communes-t2-2026-03-23.csv', [
      HEADER,
      `"93";"Seine-Saint-Denis";"93066";"Saint-Denis";${COMMUNE_CELLS};"1";"SAINT-DENIS ""EN COMMUN""";"Saint-Denis ""en commun""";"LUG";"9000";"40,00";"41";"12"${empty}${empty}`,
      `"62";"Pas-de-Calais";"62498";"Lens";${COMMUNE_CELLS};"1";"LENS EN COMMUN";"Lens en commun";"LDVG";"5400";"24,55";"3";"1";"2";"LENS; DEMAIN";"Lens; demain";"LDVD";"4400";"20,00";"0";"0"${empty}`,
      `"93";"Seine-Saint-Denis";"93066";"Saint-Denis";${COMMUNE_CELLS};"1";"AUTRE";"Autre";"LUG";"9000";"40,00";"1";"0"${empty}${empty}`,
    ]);
    const s = await importResultsFile(db(), path, { electionId: 'municipales-2026' });
    assert.deepEqual(s.rejected, [{ line: 4, reason: 'commune 93066 déjà lue ligne 2' }]);
    // Saint-Denis created; Lens en commun unchanged apart from its date; Lens; demain ended.
    assert.deepEqual(s.counts.lists, { created: 1, updated: 1, unchanged: 0, ended: 1 });
    // DA SILVA (position 3) now elected, DUBOIS no longer; the Saint-Denis head.
    assert.deepEqual(s.counts.candidacies, { created: 2, updated: 2, unchanged: 0, ended: 1 });
    const [first, second] = lens as [{ id: string; name: string }, { id: string; name: string }];
    const flags = await flagsOf(db(), [first.id, second.id, ajaccio, saintDenis]);
    assert.deepEqual(flags.get(`list:${saintDenis}`), [
      'elected conseiller-communautaire,conseiller-municipal 2026-03-23',
    ]);
    assert.equal(flags.get(`list:${second.id}`), undefined, 'no current flag');
    assert.deepEqual(
      flags.get(`list:${ajaccio}`),
      ['elected conseiller-municipal 2026-03-20'],
      'not in the file: kept',
    );
  });
});
