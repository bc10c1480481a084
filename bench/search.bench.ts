// Commune search latency, server side: searchCommunes() called directly on a freshly prepared database.
import { sql } from 'kysely';
import pg from 'pg';
import { type Connection, connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { searchCommunes } from '../src/territories/territories.service.ts';
import { findPostgresBin, startPostgres } from '../src/testing/postgres-server.ts';
import {
  type BenchReport,
  isMain,
  log,
  type Metric,
  output,
  percentile,
  preparedSqlite,
  seededRandom,
} from './support.ts';

const QUERIES = 10_000;
const WARMUP = 1_000;
const TARGET_P99_MS = 5;

export interface SearchQuery {
  kind: string;
  q: string;
}

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * Queries a person could type, drawn from the real commune names and codes: prefixes of 2 to 8
 * characters, full names, names without accents, "st"/"ste" abbreviations, postcodes (whole or
 * partly typed), INSEE codes, two-word queries and a few nonsense strings.
 */
export function generateQueries(
  communes: { insee: string; name: string }[],
  postcodes: string[],
  count = QUERIES,
  seed = 2026,
): SearchQuery[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const saints = communes.filter((c) => /^Saintes?-/.test(c.name));
  const multiWord = communes.filter((c) => /[\s'-]/.test(c.name));
  const casing = (s: string) => (random() < 0.7 ? s.toLowerCase() : s);
  const kinds: [weight: number, kind: string, make: () => string][] = [
    [30, 'prefix 2-8 chars', () => casing(pick(communes).name.slice(0, int(2, 8)))],
    [10, 'full name', () => pick(communes).name],
    [10, 'no accents', () => stripAccents(pick(communes).name).toLowerCase()],
    [
      8,
      'st/ste abbreviation',
      () => {
        const name = pick(saints)
          .name.replace(/^Saint-/, 'st ')
          .replace(/^Sainte-/, 'ste ');
        return casing(name.slice(0, Math.max(4, int(4, name.length))));
      },
    ],
    [
      10,
      'postcode',
      () => {
        const code = pick(postcodes);
        return random() < 0.7 ? code : code.slice(0, int(2, 4));
      },
    ],
    [8, 'INSEE code', () => pick(communes).insee],
    [
      20,
      'two words',
      () => {
        const words = stripAccents(pick(multiWord).name)
          .split(/[\s'-]+/)
          .filter(Boolean);
        const i = int(0, Math.max(0, words.length - 2));
        const second = words[i + 1] ?? '';
        return casing(`${words[i]} ${second.slice(0, int(1, Math.max(1, second.length)))}`);
      },
    ],
    [
      4,
      'nonsense',
      () =>
        Array.from({ length: int(3, 10) }, () => pick([...'bcdfghjklmnpqrstvwxzaeiouy0123456789 -'])).join('') || 'xq',
    ],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  const queries: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let chosen = kinds[0] as (typeof kinds)[number];
    for (const candidate of kinds) {
      r -= candidate[0];
      if (r < 0) {
        chosen = candidate;
        break;
      }
    }
    const [, kind, make] = chosen;
    queries.push({ kind, q: make() });
  }
  return queries;
}

export async function sourceForQueries(connection: Connection) {
  const communes = await connection.db.selectFrom('communes').select(['insee', 'name']).orderBy('insee').execute();
  const postcodes = (
    await connection.db.selectFrom('postcodes').select('postcode').distinct().orderBy('postcode').execute()
  ).map((r) => r.postcode);
  return { communes, postcodes };
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  slowest: { q: string; kind: string; ms: number }[];
  byKind: Record<string, { n: number; p50: number; p99: number }>;
}

/** Runs every query one after the other (after a warm-up) and summarises the latencies in ms. */
export async function measure(connection: Connection, queries: SearchQuery[]): Promise<LatencySummary> {
  for (const { q } of queries.slice(0, WARMUP)) await searchCommunes(connection.db, q);
  const timings: { q: string; kind: string; ms: number }[] = [];
  for (const { q, kind } of queries) {
    const started = performance.now();
    await searchCommunes(connection.db, q);
    timings.push({ q, kind, ms: performance.now() - started });
  }
  const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
  const byKind: LatencySummary['byKind'] = {};
  for (const kind of new Set(timings.map((t) => t.kind))) {
    const ms = timings
      .filter((t) => t.kind === kind)
      .map((t) => t.ms)
      .sort((a, b) => a - b);
    byKind[kind] = { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
  }
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    slowest: [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8),
    byKind,
  };
}

function metricsOf(engine: string, s: LatencySummary): Metric[] {
  return [
    { name: `search ${engine}: p50`, value: s.p50, unit: 'ms' },
    { name: `search ${engine}: p95`, value: s.p95, unit: 'ms' },
    { name: `search ${engine}: p99`, value: s.p99, unit: 'ms', target: { op: '<=', value: TARGET_P99_MS } },
    { name: `search ${engine}: max`, value: s.max, unit: 'ms' },
  ];
}

function describe(engine: string, s: LatencySummary): string[] {
  const kinds = Object.entries(s.byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} (${v.n}) p50 ${v.p50.toFixed(2)} / p99 ${v.p99.toFixed(2)}`)
    .join('; ');
  const slow = s.slowest
    .slice(0, 5)
    .map((t) => `« ${t.q} » ${t.ms.toFixed(1)}`)
    .join(', ');
  return [`${engine} by kind of query, ms: ${kinds}.`, `${engine} slowest, ms: ${slow}.`];
}

async function onPostgres(queries: SearchQuery[]): Promise<LatencySummary | string> {
  if (!findPostgresBin()) return 'PostgreSQL not measured: server binaries not installed.';
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE pacte_bench');
    await admin.end();
    const connection = connect(server.urlFor('pacte_bench'));
    try {
      log('search: preparing PostgreSQL…');
      await prepareDatabase(connection);
      // What autovacuum does within a minute of the load; measured with statistics, as in service.
      await sql`ANALYZE`.execute(connection.db);
      log('search: measuring PostgreSQL…');
      return await measure(connection, queries);
    } finally {
      await connection.close();
    }
  } finally {
    server.stop();
  }
}

export async function run(): Promise<BenchReport> {
  log('search: preparing SQLite…');
  const sqlite = await preparedSqlite();
  let queries: SearchQuery[];
  let summary: LatencySummary;
  try {
    const source = await sourceForQueries(sqlite.connection);
    queries = generateQueries(source.communes, source.postcodes);
    log(`search: measuring SQLite (${queries.length} queries)…`);
    summary = await measure(sqlite.connection, queries);
  } finally {
    await sqlite.connection.close();
    sqlite.remove();
  }
  const metrics = metricsOf('SQLite', summary);
  const notes = [
    `${queries.length.toLocaleString('en-US')} queries after ${WARMUP.toLocaleString('en-US')} warm-up, one at a time, 20 results each, timed around searchCommunes().`,
    ...describe('SQLite', summary),
  ];
  const postgres = await onPostgres(queries);
  if (typeof postgres === 'string') notes.push(postgres);
  else {
    metrics.push(...metricsOf('PostgreSQL', postgres), {
      name: 'search p99: PostgreSQL / SQLite',
      value: postgres.p99 / summary.p99,
      unit: '×',
    });
    notes.push(
      'PostgreSQL: throw-away local cluster (fsync off), same queries, through pg over TCP loopback.',
      ...describe('PostgreSQL', postgres),
    );
  }
  return { id: 'search', title: 'Commune search (searchCommunes, server side)', metrics, notes };
}

if (isMain(import.meta.url)) output(await run());
