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
export async function runBenchProcess(file: string, env: NodeJS.ProcessEnv = process.env): Promise<BenchReport> {
  const child = spawn(process.execPath, tsArgs(file, '--json'), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** CPU time of a process and of every process below it (workers of `pacte serve`), in ms. */
export function processTreeCpuMs(pid: number): number | undefined {
  const own = processCpuMs(pid);
  if (own === undefined) return undefined;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    // gone, or not Linux
  }
  return children.reduce((sum, child) => sum + (processTreeCpuMs(child) ?? 0), own);
}

/** Busy CPU time of the whole machine so far (all cores), in ms; undefined off Linux. */
export function machineBusyMs(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return ((total - idle) * 1000) / ticksPerSecond();
}

/**
 * Follows the processes a benchmark starts, to count as its own the CPU of those that detach from
 * it: `pg_ctl start` leaves the PostgreSQL server re-parented to init, so its time never reaches the
 * benchmark's children's time. A process is the benchmark's when it descends from this process or
 * carries `BENCH_RUN_ENV` = `token` in its environment (the server inherits it through pg_ctl).
 * Polls /proc; `stop()` returns the CPU in ms the detached processes (and their workers) used.
 */
export const BENCH_RUN_ENV = 'PACTE_BENCH_RUN';

export class DetachedCpuTracker {
  private readonly known = new Set<number>([process.pid]);
  private readonly strangers = new Set<number>();
  /** Detached process → CPU it (and its workers) had used when last seen, in ms. */
  private readonly detached = new Map<number, number>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly marker: string;

  constructor(token: string, intervalMs = 250) {
    this.marker = `${BENCH_RUN_ENV}=${token}\0`;
    if (existsSync('/proc')) this.timer = setInterval(() => this.poll(), intervalMs);
  }

  private carriesMarker(pid: number): boolean {
    try {
      return `${readFileSync(`/proc/${pid}/environ`, 'utf8')}\0`.includes(this.marker);
    } catch {
      return false;
    }
  }

  private poll() {
    const parent = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = statFields(Number(entry));
      if (f) parent.set(Number(entry), Number(f[1]));
    }
    for (const pid of parent.keys()) {
      if (this.known.has(pid) || this.strangers.has(pid)) continue;
      if (this.carriesMarker(pid)) this.known.add(pid);
      else this.strangers.add(pid);
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, ppid] of parent) {
        if (!this.known.has(pid) && this.known.has(ppid)) {
          this.known.add(pid);
          this.strangers.delete(pid);
          grew = true;
        }
      }
    }
    for (const [pid, ppid] of parent) {
      if (pid === process.pid || !this.known.has(pid) || this.known.has(ppid)) continue;
      // A process of ours whose parent is no longer ours: its time and its workers'.
      let cpu = processCpuMs(pid, true) ?? 0;
      for (const [child, childParent] of parent) if (childParent === pid) cpu += processCpuMs(child, true) ?? 0;
      this.detached.set(pid, cpu);
    }
  }

  stop(): number {
    if (this.timer) {
      clearInterval(this.timer);
      this.poll();
    }
    let total = 0;
    for (const cpu of this.detached.values()) total += cpu;
    return total;
  }
}
