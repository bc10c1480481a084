import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { importFile } from '../candidates/import/import.service.ts';
import { connect } from '../db/connection.ts';
import { testApp } from '../testing/app.ts';
import { forEachDatabase } from '../testing/databases.ts';
import type { Dataset, Format } from './dataset.ts';
import { DATASETS } from './datasets.ts';
import { exportChunks } from './formats.ts';

const FIXTURE = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'pacte.js');

async function text(dataset: Dataset, format: Format): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportChunks(dataset, format)) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (format !== 'ods') return bytes.toString('utf8');
  return strFromU8(unzipSync(new Uint8Array(bytes))['content.xml'] as Uint8Array);
}

/** Email-like strings and French phone numbers: none may appear in an open-data export. */
const PRIVATE = [/[\w.+-]+@[\w-]+\.[\w.]+/, /(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/];

forEachDatabase('open-data exports', (database) => {
  const get = (path: string) => testApp(database().connection).app.request(path);
  const getJson = async (path: string) => (await (await get(path)).json()) as Array<Record<string, string>>;
  let lensList = '';

  before(async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-reports-'));
    await importFile(database().connection, FIXTURE, { reportDir });
    const list = await database()
      .connection.db.selectFrom('lists')
      .select('id')
      .where('short_name', '=', 'LENS EN COMMUN')
      .executeTakeFirstOrThrow();
    lensList = list.id;
  });

  test('/listes/:id.csv: the members of the list in order, as a download', async () => {
    const response = await get(`/listes/${lensList}.csv`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="liste-${lensList}.csv"`);
    assert.match(response.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    assert.match(
      lines[0] ?? '',
      /^Identifiant,Élection,Scrutin,Identifiant de liste,Liste,Panneau,Position,Tête de liste,Nom,Prénom/,
    );
    const names = lines.slice(1).map((l) => l.split(',').slice(8, 10).join(' '));
    assert.deepEqual(names.slice(0, 3), ['LEFÈBVRE Anne-Sophie', 'KACZMAREK Jérôme', 'DA SILVA Maria']);
    assert.match(lines[1] ?? '', /,1,oui,LEFÈBVRE,Anne-Sophie,F,LDVG,Liste divers gauche,/);
  });

  test('/listes/:id.json and .ods; the HTML page links to the three formats; unknown list is 404', async () => {
    const json = await getJson(`/listes/${lensList}.json`);
    assert.equal(json[0]?.nom, 'LEFÈBVRE');
    assert.equal(json[0]?.tete_de_liste, true);
    assert.equal(json[0]?.position, 1);
    const ods = await get(`/listes/${lensList}.ods`);
    assert.equal(ods.headers.get('content-type'), 'application/vnd.oasis.opendocument.spreadsheet');
    const content = strFromU8(unzipSync(new Uint8Array(await ods.arrayBuffer()))['content.xml'] as Uint8Array);
    assert.match(content, /<text:p>KACZMAREK<\/text:p>/);
    const html = await (await get(`/listes/${lensList}`)).text();
    for (const ext of ['csv', 'ods', 'json']) assert.match(html, new RegExp(`href="/listes/${lensList}\\.${ext}"`));
    assert.equal((await get('/listes/inconnue.csv')).status, 404);
  });

  test('/communes/:insee.csv|.json: lists and candidacies of the commune; the page links to them', async () => {
    const json = await getJson('/communes/62498.json');
    assert.ok(json.length >= 4);
    assert.ok(json.every((r) => r.scrutin?.includes('62498')));
    assert.ok(json.some((r) => r.libelle_liste === 'LENS; DEMAIN'));
    const csv = await (await get('/communes/62498.csv')).text();
    assert.match(csv, /"LENS; DEMAIN"/);
    const quoted = await (await get('/communes/93066.csv')).text();
    assert.match(quoted, /"SAINT-DENIS ""EN COMMUN"""/);
    assert.match(await (await get('/communes/62498')).text(), /href="\/communes\/62498\.ods"/);
    assert.equal((await get('/communes/00000.csv')).status, 404);
    const disposition = (await get('/communes/2a004.ods')).headers.get('content-disposition');
    assert.equal(disposition, 'attachment; filename="commune-2A004-candidatures.ods"');
  });

  test('datasets: lists with head and count, candidacies and communes filtered by département', async () => {
    const db = database().connection.db;
    const lists = JSON.parse(await text(DATASETS.lists.build(db, { election: 'municipales-2026' }), 'json'));
    const lens = lists.find((l: { id: string }) => l.id === lensList);
    assert.equal(lens.tete_de_liste, 'Anne-Sophie LEFÈBVRE');
    assert.equal(lens.code_territoire, '62498');
    assert.equal(lens.nuance, 'Liste divers gauche');
    assert.ok(lens.nombre_candidats >= 3);
    const corse = JSON.parse(await text(DATASETS.lists.build(db, { departement: '2A' }), 'json'));
    assert.deepEqual(
      corse.map((l: { libelle_abrege: string }) => l.libelle_abrege),
      ['AIACCIU INSEME'],
    );
    const candidacies = JSON.parse(await text(DATASETS.candidacies.build(db, { departement: '971' }), 'json'));
    assert.ok(candidacies.length > 0 && candidacies.every((c: { scrutin: string }) => c.scrutin.includes('97101')));
    const communes = JSON.parse(await text(DATASETS.communes.build(db, { departement: '2A' }), 'json'));
    const ajaccio = communes.find((c: { code_insee: string }) => c.code_insee === '2A004');
    assert.equal(ajaccio.nom, 'Ajaccio');
    assert.equal(ajaccio.region, 'Corse');
    assert.match(ajaccio.codes_postaux, /20000/);
    assert.ok(communes.every((c: { code_departement: string }) => c.code_departement === '2A'));
    const elections = JSON.parse(await text(DATASETS.elections.build(db, {}), 'json'));
    assert.ok(elections.some((e: { id: string }) => e.id === 'municipales-2026'));
  });

  test('no export holds an email address or a phone number', async () => {
    const db = database().connection.db;
    const outputs: string[] = [];
    for (const spec of Object.values(DATASETS)) {
      for (const format of ['csv', 'ods', 'json'] as const) outputs.push(await text(spec.build(db, {}), format));
    }
    for (const path of [`/listes/${lensList}.csv`, '/communes/62498.json', '/communes/93066.csv']) {
      outputs.push(await (await get(path)).text());
    }
    for (const output of outputs) {
      for (const pattern of PRIVATE) assert.doesNotMatch(output, pattern);
    }
  });
});

describe('pacte export (command line, SQLite)', () => {
  let dir = '';
  let url = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-export-'));
    const file = join(dir, 'pacte.sqlite');
    copyFileSync(process.env.PACTE_TEST_SQLITE_TEMPLATE ?? '', file);
    url = `sqlite:${file}`;
    const connection = connect(url);
    await importFile(connection, FIXTURE, { reportDir: dir });
    await connection.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const pacte = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'export', ...args], {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: url },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  test('writes a dataset to stdout or to --output, filtered by election and département', async () => {
    const csv = await pacte(['lists', '--format', 'csv', '--election', 'municipales-2026', '--departement', '62']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^\uFEFFIdentifiant,Élection,Scrutin/);
    assert.match(csv.stdout, /LENS EN COMMUN/);
    assert.doesNotMatch(csv.stdout, /AIACCIU/);
    const out = join(dir, 'candidatures.ods');
    const ods = await pacte(['candidacies', '--format', 'ods', '--output', out]);
    assert.equal(ods.code, 0, ods.stderr);
    const content = strFromU8(unzipSync(new Uint8Array(readFileSync(out)))['content.xml'] as Uint8Array);
    assert.match(content, /<text:p>SANTONI<\/text:p>/);
    const json = await pacte(['elections', '--format', 'json']);
    assert.ok(JSON.parse(json.stdout).length > 0);
  });

  test('bad input: one French line on stderr, exit code 1', async () => {
    for (const [args, pattern] of [
      [
        ['inconnu', '--format', 'csv'],
        /jeu de données inconnu : inconnu \(jeux connus : communes, elections, lists, candidacies\)/,
      ],
      [['lists', '--format', 'xls'], /format inconnu : xls/],
      [['lists'], /format manquant/],
      [['lists', '--format', 'csv', '--election', 'nope'], /élection inconnue : nope/],
      [['communes', '--format', 'csv', '--departement', '999'], /département inconnu : 999/],
      [['communes', '--format', 'csv', '--election', 'municipales-2026'], /ne s’applique pas/],
    ] as const) {
      const run = await pacte([...args]);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] ?? '', pattern);
    }
  });
});
