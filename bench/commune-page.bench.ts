// Commune page throughput: the real HTTP server (own process) loaded by autocannon on /communes/:insee.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import {
  type BenchReport,
  isMain,
  log,
  output,
  preparedSqlite,
  processCpuMs,
  seededRandom,
  tsArgs,
} from './support.ts';

const DURATION_S = 10;
const WARMUP_S = 2;
const CONNECTIONS = 20;
const TARGET_RPS = 1_500;

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonRequest {
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

/** Starts bench/serve-for-bench.ts on the database and resolves with its port once it listens. */
async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, tsArgs('bench/serve-for-bench.ts', databaseUrl), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { child, port };
}

function cycling(codes: string[]): AutocannonRequest[] {
  let next = 0;
  return [
    {
      setupRequest: (request) => {
        const insee = codes[next++ % codes.length];
        return { ...request, path: `/communes/${insee}` };
      },
    },
  ];
}

/** Draws INSEE codes in proportion to population: who looks up their commune on election night. */
function populationWeighted(rows: { insee: string; population: number | null }[], count: number): string[] {
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

interface Scenario {
  key: string;
  label: string;
  codes: string[];
}

async function measure(url: string, pid: number | undefined, codes: string[]) {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests: cycling(codes) });
  const cpuBefore = pid === undefined ? undefined : processCpuMs(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: cycling(codes) });
  const cpuAfter = pid === undefined ? undefined : processCpuMs(pid);
  const serverCpu =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total
      : undefined;
  return { result, serverCpu, failures: result.errors + result.timeouts + result.non2xx };
}

export async function run(): Promise<BenchReport> {
  log('commune page: preparing SQLite…');
  const sqlite = await preparedSqlite();
  const rows = await sqlite.connection.db
    .selectFrom('communes')
    .select(['insee', 'population'])
    .orderBy('insee')
    .execute();
  await sqlite.connection.close();
  const random = seededRandom(42);
  const shuffled = rows.map((r) => r.insee);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  const scenarios: Scenario[] = [
    { key: 'every commune', label: 'every commune in turn (each page rendered for the first time)', codes: shuffled },
    {
      key: 'by population',
      label: 'communes drawn in proportion to population (election-night traffic; rendered pages reused)',
      codes: populationWeighted(rows, 200_000),
    },
  ];
  const { child, port } = await startServer(sqlite.url);
  try {
    const url = `http://127.0.0.1:${port}`;
    const check = await fetch(`${url}/communes/${shuffled[0]}`);
    if (check.status !== 200) throw new Error(`/communes/${shuffled[0]} answered ${check.status}`);
    const metrics: BenchReport['metrics'] = [];
    const notes: string[] = [];
    for (const scenario of scenarios) {
      log(
        `commune page, ${scenario.key}: warm-up ${WARMUP_S} s, then ${DURATION_S} s with ${CONNECTIONS} connections…`,
      );
      const { result, serverCpu, failures } = await measure(url, child.pid, scenario.codes);
      const name = (what: string) => `commune page (${scenario.key}): ${what}`;
      metrics.push(
        {
          name: name('req/s, mean'),
          value: result.requests.average,
          unit: 'req/s',
          target: { op: '>=', value: TARGET_RPS },
        },
        { name: name('req/s, median second'), value: result.requests.p50, unit: 'req/s' },
        { name: name('latency p50'), value: result.latency.p50, unit: 'ms' },
        { name: name('latency p99'), value: result.latency.p99, unit: 'ms' },
        ...(serverCpu === undefined
          ? []
          : [
              { name: name('server CPU per request'), value: serverCpu / 1000, unit: 'ms' as const },
              {
                name: name('capacity of one core (1 / CPU per request)'),
                value: 1e6 / serverCpu,
                unit: 'req/s' as const,
              },
            ]),
      );
      notes.push(
        `${scenario.label}: ${result.requests.total.toLocaleString('en-US')} requests in ${result.duration} s over ${CONNECTIONS} connections (after a ${WARMUP_S} s warm-up); ${failures} errors, timeouts or non-2xx answers.`,
      );
    }
    return {
      id: 'commune-page',
      title: 'Commune page over HTTP (GET /communes/:insee, SQLite)',
      metrics,
      notes: [
        ...notes,
        'Server: bench/serve-for-bench.ts (createApp + @hono/node-server, as `pacte serve`) in its own process; autocannon in the benchmark process, so each has one of the two cores.',
        'Rendered pages are kept per data version (src/web/page-cache.ts): the first scenario never hits that cache (35,014 different pages, each asked once per pass), the second mostly does, as real traffic would.',
        "Server CPU per request is the server process's user + system time (from /proc) over the measured 10 s divided by the requests answered: unlike req/s, it barely moves when other work shares the machine, and 1 / CPU per request is what one dedicated core can serve.",
      ],
    };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    sqlite.remove();
  }
}

if (isMain(import.meta.url)) output(await run());
