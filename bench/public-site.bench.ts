// The public site with the national data loaded (issue 5): commune page and home page over HTTP,
// the full CSV export of every candidacy (HTTP and `pacte export`), the ODS of the signatories.
//   node --import tsx bench/public-site.bench.ts [--sqlite-only|--postgres-only] [--sqlite-file /tmp/x.sqlite]
//        [--only by-population|every|home]
// With --sqlite-file the national data and the signatures are put there once and reused by later runs;
// --only measures that page scenario alone (no exports), for a quick loop on the commune page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importFile } from '../src/candidates/import/import.service.ts';
import { type Connection, connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { createSignature, transitionSignature } from '../src/pledges/signatures.service.ts';
import { findPostgresBin, startPostgres } from '../src/testing/postgres-server.ts';
import {
  CONNECTIONS,
  DURATION_S,
  measure,
  populationWeighted,
  shuffledSeeded,
  startServer,
  stopServer,
  WARMUP_S,
} from './http-load.ts';
import { nationalFile } from './import.bench.ts';
import { type BenchReport, isMain, log, type Metric, median, output, ROOT, tempSqlite, tsArgs } from './support.ts';

const TARGET_COMMUNE_RPS = 1_500;
const TARGET_COMMUNE_P99_MS = 25;
const TARGET_HOME_RPS = 1_000;
const TARGET_CSV_S = 10;
const TARGET_RSS_MB = 300;
const TARGET_ODS_S = 2;
const SIGNATURES = 2_000;
const ODS_RUNS = 5;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Prepared {
  url: string;
  signatures: number;
  importS: number;
  signaturesS: number;
  communes: { insee: string; population: number | null }[];
}

/** Migrations and territories, the national file (one importFile call), then published signatures. */
async function prepare(connection: Connection, url: string): Promise<Prepared> {
  await prepareDatabase(connection);
  const file = await nationalFile();
  let started = performance.now();
  const reportDir = mkdtempSync(join(tmpdir(), 'pacte-bench-reports-'));
  await importFile(connection, file, { reportDir });
  rmSync(reportDir, { recursive: true, force: true });
  const importS = (performance.now() - started) / 1000;
  const { db } = connection;
  const communes = await db.selectFrom('communes').select(['insee', 'population']).orderBy('insee').execute();
  const lists = await db
    .selectFrom('lists')
    .innerJoin('ballots', 'ballots.id', 'lists.ballot_id')
    .where('ballots.territory_kind', '=', 'commune')
    .select(['lists.id', 'ballots.territory_code as insee'])
    .orderBy('lists.id')
    .execute();
  const listsOf = new Map<string, string[]>();
  for (const l of lists) listsOf.set(l.insee, [...(listsOf.get(l.insee) ?? []), l.id]);
  // Half in communes drawn by population (where people sign), half spread uniformly.
  const drawn = [
    ...populationWeighted(communes, SIGNATURES / 2),
    ...shuffledSeeded(communes.map((c) => c.insee)).slice(0, SIGNATURES / 2),
  ];
  log(`public site: ${SIGNATURES} published signatures…`);
  started = performance.now();
  let n = 0;
  for (const insee of drawn) {
    const candidates = listsOf.get(insee) ?? [];
    const listId = candidates.length ? candidates[n % candidates.length] : null;
    const { signature } = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      listId,
      communeInsee: listId ? null : insee,
      fields: {
        listName: `Liste ${n}`,
        listPosition: '1',
        parties: '',
        website: '',
        communeName: '',
        postcode: '',
        lastName: `NOM${n}`,
        firstName: 'Prénom',
        phone: '',
        email: `signataire${n}@exemple.test`,
        place: '',
        signedOn: '2026-02-01',
      },
      consentPublish: true,
      consentContact: false,
      comment: n % 3 === 0 ? `Réponse publique n° ${n}, avec « guillemets ».` : null,
    });
    await transitionSignature(db, signature.id, 'published', 'bench');
    n++;
  }
  const signaturesS = (performance.now() - started) / 1000;
  return { url, signatures: n, importS, signaturesS, communes };
}

function vmHwmMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Downloads `path` whole, counting bytes and lines; time to the first byte and to the last. */
async function download(base: string, path: string) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`);
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}`);
  let firstByteMs: number | undefined;
  let bytes = 0;
  let lines = 0;
  let head: Uint8Array | undefined;
  for await (const chunk of response.body) {
    firstByteMs ??= performance.now() - started;
    head ??= chunk;
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { seconds: (performance.now() - started) / 1000, firstByteMs: firstByteMs ?? 0, bytes, lines, head };
}

/** `pacte export candidacies --format csv` in its own process, under /usr/bin/time for its max RSS. */
async function cliExport(databaseUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-bench-export-'));
  const out = join(dir, 'candidacies.csv');
  const timeFile = join(dir, 'time.txt');
  const args = ['-f', '%M %U %S', '-o', timeFile, process.execPath];
  args.push(...tsArgs('src/main.ts', 'export', 'candidacies', '--format', 'csv', '--output', out));
  try {
    const started = performance.now();
    const child = spawn('/usr/bin/time', args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`pacte export exited with ${code}`);
    const [rssKb, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    const text = readFileSync(out);
    let lines = 0;
    for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) lines++;
    return {
      seconds,
      cpuSeconds: (user ?? 0) + (system ?? 0),
      maxRssMb: (rssKb ?? 0) / 1024,
      rows: lines - 1,
      bytes: statSync(out).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database prepared earlier by `prepare` (--sqlite-file): its communes and published signatures. */
async function reuse(connection: Connection, url: string): Promise<Prepared> {
  const { db } = connection;
  const communes = await db.selectFrom('communes').select(['insee', 'population']).orderBy('insee').execute();
  const { n } = await db
    .selectFrom('signatures')
    .where('state', '=', 'published')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { url, signatures: Number(n), importS: 0, signaturesS: 0, communes };
}

async function measureSite(engine: string, prepared: Prepared): Promise<{ metrics: Metric[]; notes: string[] }> {
  const metrics: Metric[] = [];
  const notes: string[] = [];
  const name = (what: string) => `${engine}: ${what}`;
  const shuffled = shuffledSeeded(prepared.communes.map((c) => c.insee));
  const only = option('--only');
  const scenarios = [
    {
      only: 'by-population',
      key: 'commune page, by population',
      label: 'communes drawn in proportion to population',
      paths: populationWeighted(prepared.communes, 200_000).map((i) => `/communes/${i}`),
      rps: TARGET_COMMUNE_RPS,
      p99: TARGET_COMMUNE_P99_MS,
    },
    {
      only: 'every',
      key: 'commune page, every commune',
      label: 'every commune in turn, shuffled',
      paths: shuffled.map((i) => `/communes/${i}`),
      rps: TARGET_COMMUNE_RPS,
      p99: TARGET_COMMUNE_P99_MS,
    },
    { only: 'home', key: 'home page', label: 'GET /', paths: ['/'], rps: TARGET_HOME_RPS, p99: undefined },
  ];
  // The commune page also with two processes (WEB_CONCURRENCY=2, src/web/workers.ts), the setting for
  // this 2-core machine: one Node process serves on one core.
  let server = await startServer(prepared.url);
  try {
    for (const processes of [1, 2]) {
      if (processes > 1) {
        await stopServer(server.child);
        server = await startServer(prepared.url, processes);
      }
      const base = `http://127.0.0.1:${server.port}`;
      for (const path of ['/', `/communes/${shuffled[0]}`]) {
        const check = await fetch(`${base}${path}`);
        if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
      }
      for (const s of scenarios) {
        if (only && s.only !== only) continue;
        if (processes > 1 && s.only === 'home') continue;
        const key = processes > 1 ? `${s.key}, ${processes} processes` : s.key;
        log(`public site, ${engine}, ${key}: warm-up ${WARMUP_S} s, then ${DURATION_S} s…`);
        const { result, serverCpu, failures } = await measure(base, server.child.pid, s.paths);
        metrics.push(
          {
            name: name(`${key}: req/s, mean`),
            value: result.requests.average,
            unit: 'req/s',
            target: { op: '>=', value: s.rps },
          },
          {
            name: name(`${key}: latency p99`),
            value: result.latency.p99,
            unit: 'ms',
            ...(s.p99 === undefined ? {} : { target: { op: '<=' as const, value: s.p99 } }),
          },
          { name: name(`${key}: latency p50`), value: result.latency.p50, unit: 'ms' },
        );
        if (serverCpu !== undefined) {
          metrics.push({ name: name(`${key}: server CPU per request`), value: serverCpu / 1000, unit: 'ms' });
          if (processes === 1) {
            metrics.push({ name: name(`${key}: capacity of one core`), value: 1e6 / serverCpu, unit: 'req/s' });
          }
        }
        notes.push(
          `${engine}, ${key} (${s.label}): ${result.requests.total.toLocaleString('en-US')} requests in ${result.duration} s over ${CONNECTIONS} connections; ${failures} errors, timeouts or non-2xx answers.`,
        );
      }
    }
    await stopServer(server.child);
    if (only) return { metrics, notes };

    // The export on a fresh server, so that its peak memory is the export's.
    server = await startServer(prepared.url);
    const fresh = `http://127.0.0.1:${server.port}`;
    log(`public site, ${engine}: GET /donnees/candidatures.csv…`);
    const before = vmHwmMb(server.child.pid);
    const csv = await download(fresh, '/donnees/candidatures.csv');
    const hwm = vmHwmMb(server.child.pid);
    metrics.push(
      {
        name: name('CSV of every candidacy over HTTP: whole download'),
        value: csv.seconds,
        unit: 's',
        target: { op: '<=', value: TARGET_CSV_S },
      },
      { name: name('CSV of every candidacy over HTTP: first byte'), value: csv.firstByteMs, unit: 'ms' },
    );
    if (hwm !== undefined) {
      metrics.push({
        name: name('CSV over HTTP: server peak memory (VmHWM, MB)'),
        value: hwm,
        unit: '',
        target: { op: '<=', value: TARGET_RSS_MB },
      });
    }
    notes.push(
      `${engine}, GET /donnees/candidatures.csv: ${(csv.lines - 1).toLocaleString('en-US')} rows, ${(csv.bytes / 1e6).toFixed(0)} MB, on a server started for it (peak memory ${before?.toFixed(0)} MB before the download, ${hwm?.toFixed(0)} MB after).`,
    );

    log(`public site, ${engine}: pacte export candidacies --format csv…`);
    const cli = await cliExport(prepared.url);
    metrics.push(
      {
        name: name('`pacte export candidacies --format csv`'),
        value: cli.seconds,
        unit: 's',
        target: { op: '<=', value: TARGET_CSV_S },
      },
      { name: name('`pacte export`: CPU time'), value: cli.cpuSeconds, unit: 's' },
      {
        name: name('`pacte export`: max RSS (MB)'),
        value: cli.maxRssMb,
        unit: '',
        target: { op: '<=', value: TARGET_RSS_MB },
      },
    );
    notes.push(
      `${engine}, pacte export candidacies --format csv --output FILE (node + tsx + src/main.ts in its own process, under /usr/bin/time): ${cli.rows.toLocaleString('en-US')} rows, ${(cli.bytes / 1e6).toFixed(0)} MB; the time includes starting node and loading the modules.`,
    );

    log(`public site, ${engine}: GET /signataires.ods ×${ODS_RUNS}…`);
    const ods: number[] = [];
    let odsBytes = 0;
    for (let i = 0; i < ODS_RUNS; i++) {
      const got = await download(fresh, '/signataires.ods');
      if (got.head?.[0] !== 0x50 || got.head[1] !== 0x4b) throw new Error('/signataires.ods is not a zip file');
      ods.push(got.seconds);
      odsBytes = got.bytes;
    }
    const donnees = await download(fresh, '/donnees/signataires.ods');
    metrics.push(
      {
        name: name('ODS of the signatories (/signataires.ods), median'),
        value: median(ods),
        unit: 's',
        target: { op: '<=', value: TARGET_ODS_S },
      },
      {
        name: name('ODS of the signatories (/donnees/signataires.ods)'),
        value: donnees.seconds,
        unit: 's',
        target: { op: '<=', value: TARGET_ODS_S },
      },
    );
    notes.push(
      `${engine}, GET /signataires.ods: ${prepared.signatures.toLocaleString('en-US')} published signatures, ${(odsBytes / 1e3).toFixed(0)} kB, median of ${ODS_RUNS} (${ods.map((s) => s.toFixed(2)).join(', ')} s).`,
      `${engine}, preparation (not measured against a target): national import ${prepared.importS.toFixed(1)} s in the benchmark process, ${prepared.signatures} signatures created and published through the signatures service in ${prepared.signaturesS.toFixed(1)} s.`,
    );
  } finally {
    await stopServer(server.child);
  }
  return { metrics, notes };
}

async function onSqlite() {
  const given = option('--sqlite-file');
  const sqlite = given ? undefined : tempSqlite();
  const url = given ? `sqlite:${given}` : (sqlite as { url: string }).url;
  const existing = given !== undefined && existsSync(given);
  if (!existing) log('public site: preparing SQLite, importing the national file…');
  const connection = connect(url);
  try {
    const prepared = existing ? await reuse(connection, url) : await prepare(connection, url);
    await connection.close();
    return await measureSite('SQLite', prepared);
  } finally {
    sqlite?.remove();
  }
}

async function onPostgres(): Promise<{ metrics: Metric[]; notes: string[] }> {
  if (!findPostgresBin()) return { metrics: [], notes: ['PostgreSQL not measured: server binaries not installed.'] };
  log('public site: preparing PostgreSQL, importing the national file…');
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE pacte_bench');
    await admin.end();
    const url = server.urlFor('pacte_bench');
    const connection = connect(url);
    const prepared = await prepare(connection, url);
    await connection.close();
    return await measureSite('PostgreSQL', prepared);
  } finally {
    server.stop();
  }
}

export async function run(): Promise<BenchReport> {
  const sqlite = process.argv.includes('--postgres-only')
    ? { metrics: [], notes: ['SQLite not measured (--postgres-only).'] }
    : await onSqlite();
  const postgres = process.argv.includes('--sqlite-only')
    ? { metrics: [], notes: ['PostgreSQL not measured (--sqlite-only).'] }
    : await onPostgres();
  return {
    id: 'public-site',
    title: 'Public site with the national data loaded (commune and home pages, CSV export, ODS of the signatories)',
    metrics: [...sqlite.metrics, ...postgres.metrics],
    notes: [
      ...sqlite.notes,
      ...postgres.notes,
      'Server: bench/serve-for-bench.ts (createApp + @hono/node-server, as `pacte serve`) in its own process, loaded by autocannon in the benchmark process; warm-up 2 s then 10 s per page.',
      'Memory figures are in MB.',
    ],
  };
}

if (isMain(import.meta.url)) output(await run());
