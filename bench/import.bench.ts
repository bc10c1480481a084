// National candidate file: bare parse, full import and re-import on SQLite and PostgreSQL (COPY),
// each import in its own process so its peak memory (max RSS) is its own.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { IMPORT_NODE_OPTIONS } from '../bin/node-options.js';
import { detectFormat } from '../src/candidates/import/detect.ts';
import { communesFromDecoupage, writeSynthetic2026 } from '../src/candidates/import/formats/generate-synthetic-2026.ts';
import { importFile } from '../src/candidates/import/import.service.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { startPostgres } from '../src/testing/postgres-server.ts';
import {
  type BenchReport,
  isMain,
  log,
  type Metric,
  output,
  processCpuMs,
  ROOT,
  tempSqlite,
  tsArgs,
} from './support.ts';

const TARGET_IMPORT_S = 15;
const TARGET_RSS_MB = 300;
const TARGET_RATIO = 2;
const FILE = join(tmpdir(), 'pacte-bench-municipales-2026.csv');

interface ChildResult {
  seconds: number;
  /** User + system CPU time of the importing process (wall time moves with other work, this less). */
  cpuSeconds: number;
  maxRssMb: number;
  /** PostgreSQL: CPU time of the server (every backend) during the import. */
  serverCpuSeconds?: number;
  created: number;
  unchanged: number;
  rejected: number;
}

/** Child mode: import FILE into DATABASE_URL and report time and peak memory. */
async function child(databaseUrl: string, file: string) {
  const connection = connect(databaseUrl);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const summary = await importFile(connection, file, { reportDir: join(tmpdir(), 'pacte-bench-reports') });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuStart);
  await connection.close();
  const result: ChildResult = {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    created: summary.created,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * CPU time (ms) of the PostgreSQL server listening on `port`: its postmaster with the children it
 * has reaped, plus the live ones (backends, WAL writer, checkpointer…). Undefined off Linux.
 */
function postgresCpuMs(port: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const master = pids.find((pid) => {
    const args = read(`/proc/${pid}/cmdline`).split('\0');
    return args[0]?.endsWith('/postgres') && args[args.indexOf('-p') + 1] === String(port);
  });
  if (!master) return undefined;
  let ms = processCpuMs(Number(master), true) ?? 0;
  for (const pid of pids) {
    if (read(`/proc/${pid}/stat`).split(') ')[1]?.split(' ')[1] === master) ms += processCpuMs(Number(pid)) ?? 0;
  }
  return ms;
}

async function importInChild(databaseUrl: string, serverPort?: number): Promise<ChildResult> {
  const serverBefore = serverPort ? postgresCpuMs(serverPort) : undefined;
  const args = [...IMPORT_NODE_OPTIONS, ...tsArgs('bench/import.bench.ts', '--child', databaseUrl, FILE)];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`import child exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
  const serverAfter = serverPort ? postgresCpuMs(serverPort) : undefined;
  if (serverBefore !== undefined && serverAfter !== undefined)
    result.serverCpuSeconds = (serverAfter - serverBefore) / 1000;
  return result;
}

async function bareParse(): Promise<number> {
  const started = performance.now();
  const { parser, info } = await detectFormat(FILE);
  let rows = 0;
  for await (const batch of parser.parse(FILE, info)) rows += batch.records.length + batch.rejected.length;
  if (rows === 0) throw new Error('parse read no rows');
  return (performance.now() - started) / 1000;
}

function importMetrics(engine: string, first: ChildResult, again: ChildResult, parseS: number): Metric[] {
  return [
    { name: `${engine}: full import`, value: first.seconds, unit: 's', target: { op: '<=', value: TARGET_IMPORT_S } },
    { name: `${engine}: full import (CPU time of the importing process)`, value: first.cpuSeconds, unit: 's' },
    ...(first.serverCpuSeconds === undefined
      ? []
      : [
          {
            name: `${engine}: full import (CPU time of the database server)`,
            value: first.serverCpuSeconds,
            unit: 's' as const,
          },
        ]),
    {
      name: `${engine}: re-import of the same file`,
      value: again.seconds,
      unit: 's',
      target: { op: '<=', value: first.seconds },
    },
    { name: `${engine}: re-import (CPU time of the importing process)`, value: again.cpuSeconds, unit: 's' },
    {
      name: `${engine}: peak memory (max RSS), import`,
      value: first.maxRssMb,
      unit: '',
      target: { op: '<=', value: TARGET_RSS_MB },
    },
    {
      name: `${engine}: peak memory (max RSS), re-import`,
      value: again.maxRssMb,
      unit: '',
      target: { op: '<=', value: TARGET_RSS_MB },
    },
    {
      name: `${engine}: ratio import / bare parse`,
      value: first.seconds / parseS,
      unit: '×',
      target: { op: '<=', value: TARGET_RATIO },
    },
  ];
}

/** The synthetic national municipales 2026 file, written once and kept in the temporary folder. */
export async function nationalFile(): Promise<string> {
  if (!existsSync(FILE)) {
    log(`writing the synthetic national file ${FILE}…`);
    await writeSynthetic2026(FILE, { communes: communesFromDecoupage() });
  }
  return FILE;
}

export async function run(): Promise<BenchReport> {
  await nationalFile();
  const megabytes = statSync(FILE).size / 1e6;
  log('import: bare parse…');
  const parses = [await bareParse(), await bareParse()];
  const parseS = Math.min(...parses);

  log('import: SQLite…');
  const sqlite = tempSqlite();
  const prepared = connect(sqlite.url);
  await prepareDatabase(prepared);
  await prepared.close();
  const sqliteFirst = await importInChild(sqlite.url);
  const sqliteAgain = await importInChild(sqlite.url);
  sqlite.remove();

  log('import: PostgreSQL…');
  const server = await startPostgres();
  let pgFirst: ChildResult;
  let pgAgain: ChildResult;
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('create database pacte_bench');
    await admin.end();
    const url = server.urlFor('pacte_bench');
    const port = Number(new URL(url).port);
    const connection = connect(url);
    await prepareDatabase(connection);
    await connection.close();
    pgFirst = await importInChild(url, port);
    pgAgain = await importInChild(url, port);
  } finally {
    server.stop();
  }

  return {
    id: 'import',
    title: 'National municipales 2026 candidate file (synthetic, exact layout): parse and import',
    metrics: [
      { name: 'bare parse of the file (best of 2)', value: parseS, unit: 's' },
      ...importMetrics('SQLite', sqliteFirst, sqliteAgain, parseS),
      ...importMetrics('PostgreSQL', pgFirst, pgAgain, parseS),
    ],
    notes: [
      `File: ${megabytes.toFixed(0)} MB, ${(sqliteFirst.created + sqliteFirst.rejected).toLocaleString('en-US')} candidate rows (${sqliteFirst.rejected} rows without panel number rejected, as in the real file), written by src/candidates/import/formats/generate-synthetic-2026.ts.`,
      `Re-import: ${sqliteAgain.unchanged.toLocaleString('en-US')} rows unchanged on SQLite, ${pgAgain.unchanged.toLocaleString('en-US')} on PostgreSQL (nothing written).`,
      "Memory figures are in MB (max RSS of the importing process, node included). CPU time is user + system of the importing process; PostgreSQL's server CPU time (all its processes) is shown on its own line. On a shared machine CPU time moves less than wall time.",
      'Each import runs in its own process with the V8 options `pacte import` uses (bin/node-options.js: heap capped at 160 MB); the database was migrated and loaded with territories beforehand.',
    ],
  };
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await child(process.argv[childIndex + 1] ?? '', process.argv[childIndex + 2] ?? '');
else if (isMain(import.meta.url)) output(await run());
