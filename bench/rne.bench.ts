// Répertoire national des élus: the national maires and conseillers municipaux files (synthetic,
// exact layouts), import and re-import on SQLite and PostgreSQL (COPY), and the matching of the
// mandates with the candidacies after a national candidate import. Every import runs in its own
// process with the V8 options of `pacte import`, so its peak memory (max RSS) is its own.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { IMPORT_NODE_OPTIONS } from '../bin/node-options.js';
import { communesFromDecoupage, writeSynthetic2026 } from '../src/candidates/import/formats/generate-synthetic-2026.ts';
import { importFile } from '../src/candidates/import/import.service.ts';
import { writeSyntheticRne } from '../src/candidates/import/rne/generate-synthetic.ts';
import { matchMandates } from '../src/candidates/rne-matching.service.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { withWriteSession } from '../src/db/write-session.ts';
import { startPostgres } from '../src/testing/postgres-server.ts';
import { type BenchReport, isMain, log, type Metric, output, ROOT, tempSqlite, tsArgs } from './support.ts';

const TARGET_IMPORT_S = 15;
const TARGET_RSS_MB = 300;
/** Matching after a candidate import: a small part of that import. */
const TARGET_MATCH_SHARE = 0.2;
const ELECTION = 'municipales-2026';
const CANDIDATES = join(tmpdir(), 'pacte-bench-municipales-2026.csv');
const RNE_DIR = join(tmpdir(), 'pacte-bench-rne');
const MAIRES = join(RNE_DIR, 'elus-maires-mai.csv');
const CONSEILLERS = join(RNE_DIR, 'elus-conseillers-municipaux-cm.csv');

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  created: number;
  unchanged: number;
  read: number;
  links: number;
}

/** Child mode: one import (or one matching run) into DATABASE_URL; reports time and peak memory. */
async function child(mode: string, databaseUrl: string, arg: string) {
  const connection = connect(databaseUrl);
  // The matching is timed alone as a first run after a candidate import: every link removed first.
  // The delete schedules the data version's store on this connection (db/data-version.ts): left
  // pending, it ran once the matching's write session held SQLite's write lock and blocked the
  // process for the whole busy timeout (5 s, then gave up), inside the timed matching.
  if (mode === 'match') {
    await connection.db.deleteFrom('mandate_matches').execute();
    await connection.dataVersion.settled();
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  let counts: Pick<ChildResult, 'created' | 'unchanged' | 'read' | 'links'>;
  if (mode === 'match') {
    const m = await withWriteSession(
      () => connection.openWriteSession({ foreignKeys: false }),
      (session) =>
        matchMandates(
          session.db,
          { electionId: arg },
          {
            insertMany: (table, columns, rows) => session.insertMany(table, columns, rows),
            dialect: connection.dialect,
          },
        ),
    );
    counts = { created: m.created, unchanged: m.unchanged, read: 0, links: m.auto + m.ambiguous };
  } else {
    const s = await importFile(connection, arg, { reportDir: join(tmpdir(), 'pacte-bench-reports') });
    counts = {
      created: s.created,
      unchanged: s.unchanged,
      read: s.read,
      links: (s.matches?.auto ?? 0) + (s.matches?.ambiguous ?? 0),
    };
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await connection.close();
  const result: ChildResult = {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...counts,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function inChild(mode: string, databaseUrl: string, arg: string): Promise<ChildResult> {
  const args = [...IMPORT_NODE_OPTIONS, ...tsArgs('bench/rne.bench.ts', '--child', mode, databaseUrl, arg)];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`${mode} child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

interface EngineRun {
  maires: ChildResult;
  mairesAgain: ChildResult;
  conseillers: ChildResult;
  conseillersAgain: ChildResult;
  candidates: ChildResult;
  matching: ChildResult;
}

async function runEngine(engine: string, url: string): Promise<EngineRun> {
  const connection = connect(url);
  await prepareDatabase(connection);
  await connection.close();
  log(`rne: ${engine}: maires…`);
  const maires = await inChild('import', url, MAIRES);
  const mairesAgain = await inChild('import', url, MAIRES);
  log(`rne: ${engine}: conseillers municipaux…`);
  const conseillers = await inChild('import', url, CONSEILLERS);
  const conseillersAgain = await inChild('import', url, CONSEILLERS);
  log(`rne: ${engine}: candidate import, then the matching alone…`);
  const candidates = await inChild('import', url, CANDIDATES);
  const matching = await inChild('match', url, ELECTION);
  return { maires, mairesAgain, conseillers, conseillersAgain, candidates, matching };
}

function engineMetrics(engine: string, r: EngineRun): Metric[] {
  const file = (label: string, first: ChildResult, again: ChildResult): Metric[] => [
    {
      name: `${engine}: ${label}, import`,
      value: first.seconds,
      unit: 's',
      target: { op: '<=', value: TARGET_IMPORT_S },
    },
    { name: `${engine}: ${label}, import (CPU time)`, value: first.cpuSeconds, unit: 's' },
    {
      name: `${engine}: ${label}, re-import`,
      value: again.seconds,
      unit: 's',
      target: { op: '<=', value: first.seconds },
    },
    { name: `${engine}: ${label}, re-import (CPU time)`, value: again.cpuSeconds, unit: 's' },
    {
      name: `${engine}: ${label}, peak memory (max RSS)`,
      value: Math.max(first.maxRssMb, again.maxRssMb),
      unit: '',
      target: { op: '<=', value: TARGET_RSS_MB },
    },
  ];
  return [
    ...file('maires', r.maires, r.mairesAgain),
    ...file('conseillers municipaux', r.conseillers, r.conseillersAgain),
    { name: `${engine}: candidate import (matching included)`, value: r.candidates.seconds, unit: 's' },
    { name: `${engine}: matching after it, alone`, value: r.matching.seconds, unit: 's' },
    { name: `${engine}: matching alone (CPU time)`, value: r.matching.cpuSeconds, unit: 's' },
    {
      name: `${engine}: matching / candidate import`,
      value: r.matching.seconds / r.candidates.seconds,
      unit: '×',
      target: { op: '<=', value: TARGET_MATCH_SHARE },
    },
    {
      name: `${engine}: peak memory (max RSS), matching`,
      value: r.matching.maxRssMb,
      unit: '',
      target: { op: '<=', value: TARGET_RSS_MB },
    },
  ];
}

export async function run(): Promise<BenchReport> {
  if (!existsSync(CANDIDATES)) {
    log(`rne: writing the synthetic national candidate file ${CANDIDATES}…`);
    await writeSynthetic2026(CANDIDATES, { communes: communesFromDecoupage() });
  }
  if (!existsSync(MAIRES) || !existsSync(CONSEILLERS)) {
    log(`rne: writing the synthetic national RNE files in ${RNE_DIR}…`);
    mkdirSync(RNE_DIR, { recursive: true });
    await writeSyntheticRne(RNE_DIR, { communes: communesFromDecoupage(), candidatesFile: CANDIDATES });
  }
  const sqlite = tempSqlite();
  let sqliteRun: EngineRun;
  try {
    sqliteRun = await runEngine('SQLite', sqlite.url);
  } finally {
    sqlite.remove();
  }
  const server = await startPostgres();
  let pgRun: EngineRun;
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('create database pacte_bench');
    await admin.end();
    pgRun = await runEngine('PostgreSQL', server.urlFor('pacte_bench'));
  } finally {
    server.stop();
  }
  const mb = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
  const r = sqliteRun;
  return {
    id: 'rne',
    title: 'Répertoire national des élus, national files (synthetic, exact layouts): import, re-import, matching',
    metrics: [...engineMetrics('SQLite', sqliteRun), ...engineMetrics('PostgreSQL', pgRun)],
    notes: [
      `Files written by src/candidates/import/rne/generate-synthetic.ts on every current commune: maires ${r.maires.read.toLocaleString('en-US')} rows (${mb(MAIRES)}), conseillers municipaux ${r.conseillers.read.toLocaleString('en-US')} rows (${mb(CONSEILLERS)}); the councillors are the candidates of the first lists of the synthetic municipales 2026 file (${mb(CANDIDATES)}), as after an election.`,
      `Re-imports change nothing (${r.conseillersAgain.unchanged.toLocaleString('en-US')} councillors unchanged on SQLite, ${pgRun.conseillersAgain.unchanged.toLocaleString('en-US')} on PostgreSQL) and run no matching (it only runs where mandates or candidacies changed).`,
      `Matching: ${r.matching.links.toLocaleString('en-US')} links on SQLite, ${pgRun.matching.links.toLocaleString('en-US')} on PostgreSQL, for the maires and conseillers municipaux of every commune (first run: no link stored before, as after a first national candidate import; done by the database, only the competing pairs decided in JavaScript — decision 0031). On PostgreSQL the matching's CPU time is the importing process's only: most of the work is the server's.`,
      'Each run is its own process with the V8 options of `pacte import` (bin/node-options.js: heap capped at 160 MB); memory figures are in MB. CPU time is user + system of that process (the machine is shared: wall time moves with the load, CPU time less).',
    ],
  };
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const [mode = '', url = '', arg = ''] = process.argv.slice(childIndex + 1);
  await child(mode, url, arg);
} else if (isMain(import.meta.url)) output(await run());
