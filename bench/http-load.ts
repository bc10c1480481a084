// Shared by the HTTP benchmarks: the server (bench/serve-for-bench.ts) in its own process, and
// autocannon (programmatic API) in the benchmark process, so each has one of the two cores.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { nodeOptionsFor } from '../bin/node-options.js';
import { processTreeCpuMs, seededRandom, tsArgs } from './support.ts';

export const DURATION_S = 10;
export const WARMUP_S = 2;
export const CONNECTIONS = 20;

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
export interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
export interface AutocannonRequest {
  path?: string;
  setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no type declarations; its programmatic API is typed above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * Starts bench/serve-for-bench.ts on the database and resolves with its port once it listens; with
 * `processes` > 1, that many processes on the port (WEB_CONCURRENCY, as `pacte serve`).
 */
export async function startServer(databaseUrl: string, processes = 1): Promise<{ child: ChildProcess; port: number }> {
  // With the V8 options `pacte serve` gets from bin/pacte.js.
  const child = spawn(
    process.execPath,
    [...nodeOptionsFor('serve'), ...tsArgs('bench/serve-for-bench.ts', databaseUrl)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WEB_CONCURRENCY: String(processes) },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { child, port };
}

/** Stops a server started by startServer and waits for its exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Requests cycling over `paths` in order. */
export function cycling(paths: string[]): AutocannonRequest[] {
  let next = 0;
  return [
    {
      setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
    },
  ];
}

/** Draws INSEE codes in proportion to population: who looks up their commune on election night. */
export function populationWeighted(rows: { insee: string; population: number | null }[], count: number): string[] {
  const random = seededRandom(7);
  const cumulative: number[] = [];
  let total = 0;
  for (const row of rows) {
    total += Math.max(row.population ?? 0, 1);
    cumulative.push(total);
  }
  return Array.from({ length: count }, () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return (rows[low] as { insee: string }).insee;
  });
}

/** The values in a seeded shuffled order (same order every run). */
export function shuffledSeeded<T>(values: T[], seed = 42): T[] {
  const random = seededRandom(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Warm-up, then the measured run of `paths` in turn; with the server's pid, its CPU time per
 * request (µs) from /proc over the measured run (with its worker processes, if any).
 */
export async function measure(url: string, pid: number | undefined, paths: string[]) {
  // One cycle for both runs: the measured run goes on where the warm-up stopped, so "every commune in
  // turn" asks only for pages not yet served (and not cached) until the whole list has gone round.
  const requests = cycling(paths);
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests });
  const cpuBefore = pid === undefined ? undefined : processTreeCpuMs(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests });
  const cpuAfter = pid === undefined ? undefined : processTreeCpuMs(pid);
  const serverCpu =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total
      : undefined;
  return { result, serverCpu, failures: result.errors + result.timeouts + result.non2xx };
}
