// Shared by the benchmarks: result shape, percentiles, temporary databases, child processes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Connection, connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Metric {
  /** What was measured, as shown in the results table. */
  name: string;
  value: number;
  unit: 'ms' | 's' | 'req/s' | '×' | '';
  /** The budget, when there is one: `<=` for times, `>=` for throughput. */
  target?: { op: '<=' | '>='; value: number };
}

export interface BenchReport {
  id: string;
  title: string;
  metrics: Metric[];
  notes: string[];
  /** CPU used by processes the benchmark started but did not wait for (the PostgreSQL server), in ms. */
  detachedCpuMs?: number;
}

export function met(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Deterministic pseudo-random numbers (mulberry32), so every run draws the same queries. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TempSqlite {
  url: string;
  file: string;
  remove(): void;
}

/** A temporary folder holding an (initially absent) SQLite database file. */
export function tempSqlite(prefix = 'pacte-bench-'): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'pacte.sqlite');
  return { url: `sqlite:${file}`, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A freshly migrated SQLite database with every territory loaded, as `pacte serve` leaves it. */
export async function preparedSqlite(): Promise<TempSqlite & { connection: Connection }> {
  const temp = tempSqlite();
  const connection = connect(temp.url);
  await prepareDatabase(connection);
  return { ...temp, connection };
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** Arguments to run a TypeScript file on the current (pinned) node. */
export function tsArgs(file: string, ...args: string[]): string[] {
  return ['--disable-warning=ExperimentalWarning', '--import', 'tsx', join(ROOT, file), ...args];
}

/** Runs a benchmark file in its own process (`--json`), its progress on stderr, its report on stdout. */
export async function runBenchProcess(file: string): Promise<BenchReport> {
  const child = spawn(process.execPath, tsArgs(file, '--json'), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${file} failed (exit ${code}): ${out.slice(-2000)}`);
  return JSON.parse(last) as BenchReport;
}

export function formatValue(m: Pick<Metric, 'value' | 'unit'>): string {
  const { value, unit } = m;
  if (unit === '×') return `${value.toFixed(2)}×`;
  const digits = unit === 'req/s' ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** Prints a report for a person, or its JSON for bench/run.ts. */
export function output(report: BenchReport) {
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  console.log(`\n${report.title}`);
  for (const m of report.metrics) {
    const ok = met(m);
    const target = m.target ? `  (target ${m.target.op} ${formatValue({ value: m.target.value, unit: m.unit })})` : '';
    const mark = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
    console.log(`  ${m.name.padEnd(52)} ${formatValue(m).padStart(14)}${target}${mark}`);
  }
  for (const note of report.notes) console.log(`  · ${note}`);
}

/** Progress lines go to stderr so stdout stays the report. */
export function log(message: string) {
  process.stderr.write(`${message}\n`);
}

// CPU accounting from /proc (Linux), to tell the benchmark's own work from other work on the machine.

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statFields(pid: number | 'self'): string[] | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8').split(') ')[1]?.split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process in ms: its own (user + system), plus, with `withChildren`, that of the
 * children it has waited for. Undefined when /proc is not there.
 */
export function processCpuMs(pid: number | 'self', withChildren = false): number | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1000) / ticksPerSecond();
}

/** Busy CPU time of the whole machine so far (all cores), in ms; undefined off Linux. */
export function machineBusyMs(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return ((total - idle) * 1000) / ticksPerSecond();
}

/** The pid of the process listening with `-p PORT` in its command line (a postgres server), if any. */
export function findServerPid(port: number): number | undefined {
  if (!existsSync('/proc')) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const i = args.indexOf('-p');
      if (i >= 0 && args[i + 1] === String(port) && args[0]?.endsWith('postgres')) return Number(entry);
    } catch {}
  }
  return undefined;
}
