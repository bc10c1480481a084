// The full CSV export of every candidacy over real HTTP (issue 5), alone: on a server started for it
// (bench/serve-for-bench.ts, its own process), `GET /donnees/candidatures.csv` downloaded whole;
// wall time, the server's CPU time and peak memory (VmHWM from /proc), the rows and a SHA-256 of
// the body (to check that a change keeps the output identical).
//
//   node --import tsx bench/csv-export.bench.ts [--sqlite-only|--postgres-only]
//        [--sqlite-file /tmp/x.sqlite] [--pg-url postgres://…/db] [--runs N]
// With --sqlite-file / --pg-url the national data is imported there once and reused by later runs
// (the import takes ~20 s); without them a temporary database is prepared and removed.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importFile } from '../src/candidates/import/import.service.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { findPostgresBin, startPostgres } from '../src/testing/postgres-server.ts';
import { startServer, stopServer } from './http-load.ts';
import { nationalFile } from './import.bench.ts';
import { type BenchReport, isMain, log, type Metric, median, output, processCpuMs, tempSqlite } from './support.ts';

const TARGET_CSV_S = 10;
const TARGET_RSS_MB = 300;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function vmHwmMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Imports the national file into the database unless it already holds candidacies. */
async function ensureNational(url: string): Promise<void> {
  const connection = connect(url);
  try {
    await prepareDatabase(connection);
    const row = await connection.db
      .selectFrom('candidacies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(row?.n ?? 0) > 0) return;
    log(`csv export: importing the national file into ${url}…`);
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-bench-reports-'));
    try {
      await importFile(connection, await nationalFile(), { reportDir });
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  } finally {
    await connection.close();
  }
}

interface Download {
  seconds: number;
  firstByteMs: number;
  serverCpuS: number;
  hwmBeforeMb: number;
  hwmAfterMb: number;
  rows: number;
  bytes: number;
  sha256: string;
}

/** A fresh server, then the whole download. */
async function downloadOnce(url: string): Promise<Download> {
  const server = await startServer(url);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const pid = server.child.pid as number;
    const hwmBeforeMb = vmHwmMb(pid) ?? 0;
    const cpuBefore = processCpuMs(pid) ?? 0;
    const started = performance.now();
    const response = await fetch(`${base}/donnees/candidatures.csv`);
    if (response.status !== 200 || !response.body) throw new Error(`answered ${response.status}`);
    const hash = createHash('sha256');
    let firstByteMs: number | undefined;
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body) {
      firstByteMs ??= performance.now() - started;
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    const serverCpuS = ((processCpuMs(pid) ?? 0) - cpuBefore) / 1000;
    return {
      seconds,
      firstByteMs: firstByteMs ?? 0,
      serverCpuS,
      hwmBeforeMb,
      hwmAfterMb: vmHwmMb(pid) ?? 0,
      rows: lines - 1,
      bytes,
      sha256: hash.digest('hex'),
    };
  } finally {
    await stopServer(server.child);
  }
}

async function measureEngine(engine: string, url: string, runs: number) {
  const metrics: Metric[] = [];
  const notes: string[] = [];
  const done: Download[] = [];
  for (let i = 0; i < runs; i++) {
    log(`csv export, ${engine}: GET /donnees/candidatures.csv (run ${i + 1}/${runs})…`);
    done.push(await downloadOnce(url));
  }
  const name = (what: string) => `${engine}: ${what}`;
  const med = (f: (d: Download) => number) => median(done.map(f));
  metrics.push(
    {
      name: name('CSV over HTTP: whole download'),
      value: med((d) => d.seconds),
      unit: 's',
      target: { op: '<=', value: TARGET_CSV_S },
    },
    { name: name('CSV over HTTP: server CPU time'), value: med((d) => d.serverCpuS), unit: 's' },
    { name: name('CSV over HTTP: first byte'), value: med((d) => d.firstByteMs), unit: 'ms' },
    {
      name: name('CSV over HTTP: server peak memory (VmHWM, MB)'),
      value: med((d) => d.hwmAfterMb),
      unit: '',
      target: { op: '<=', value: TARGET_RSS_MB },
    },
    {
      name: name('CSV over HTTP: server memory before the download (VmHWM, MB)'),
      value: med((d) => d.hwmBeforeMb),
      unit: '',
    },
  );
  const last = done.at(-1) as Download;
  notes.push(
    `${engine}: ${last.rows.toLocaleString('en-US')} rows, ${(last.bytes / 1e6).toFixed(1)} MB, sha256 ${last.sha256.slice(0, 16)}…; ${runs} run(s), each on a fresh server, median shown (${done.map((d) => `${d.seconds.toFixed(2)} s / ${d.serverCpuS.toFixed(2)} s CPU / ${d.hwmAfterMb.toFixed(0)} MB`).join('; ')}).`,
  );
  return { metrics, notes };
}

async function onSqlite(runs: number) {
  const given = option('--sqlite-file');
  const temp = given ? undefined : tempSqlite();
  const url = given ? `sqlite:${given}` : (temp as { url: string }).url;
  try {
    if (!given || !existsSync(given)) log('csv export: preparing SQLite…');
    await ensureNational(url);
    return await measureEngine('SQLite', url, runs);
  } finally {
    temp?.remove();
  }
}

async function onPostgres(runs: number) {
  const given = option('--pg-url');
  if (given) {
    await ensureNational(given);
    return measureEngine('PostgreSQL', given, runs);
  }
  if (!findPostgresBin()) return { metrics: [], notes: ['PostgreSQL not measured: server binaries not installed.'] };
  log('csv export: preparing PostgreSQL…');
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE pacte_bench');
    await admin.end();
    const url = server.urlFor('pacte_bench');
    await ensureNational(url);
    return await measureEngine('PostgreSQL', url, runs);
  } finally {
    server.stop();
  }
}

export async function run(): Promise<BenchReport> {
  const runs = Number(option('--runs') ?? 1);
  const sqlite = process.argv.includes('--postgres-only')
    ? { metrics: [], notes: ['SQLite not measured (--postgres-only).'] }
    : await onSqlite(runs);
  const postgres = process.argv.includes('--sqlite-only')
    ? { metrics: [], notes: ['PostgreSQL not measured (--sqlite-only).'] }
    : await onPostgres(runs);
  return {
    id: 'csv-export',
    title: 'Full CSV export of every candidacy over HTTP (GET /donnees/candidatures.csv, national data)',
    metrics: [...sqlite.metrics, ...postgres.metrics],
    notes: [
      ...sqlite.notes,
      ...postgres.notes,
      'Server: bench/serve-for-bench.ts (createApp + @hono/node-server, as `pacte serve`) in its own process, started fresh for each download; the download is read by fetch in the benchmark process. Server CPU time is user + system from /proc over the download.',
      'Memory figures are in MB.',
    ],
  };
}

if (isMain(import.meta.url)) output(await run());
