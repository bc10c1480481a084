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

export async function run(): Promise<BenchReport> {
  log('commune page: preparing SQLite…');
  const sqlite = await preparedSqlite();
  const rows = await sqlite.connection.db.selectFrom('communes').select('insee').orderBy('insee').execute();
  await sqlite.connection.close();
  const random = seededRandom(42);
  const codes = rows.map((r) => r.insee);
  for (let i = codes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [codes[i], codes[j]] = [codes[j] as string, codes[i] as string];
  }
  const { child, port } = await startServer(sqlite.url);
  try {
    const url = `http://127.0.0.1:${port}`;
    const check = await fetch(`${url}/communes/${codes[0]}`);
    if (check.status !== 200) throw new Error(`/communes/${codes[0]} answered ${check.status}`);
    log(`commune page: warm-up ${WARMUP_S} s, then ${DURATION_S} s with ${CONNECTIONS} connections…`);
    await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests: cycling(codes) });
    const cpuBefore = child.pid === undefined ? undefined : processCpuMs(child.pid);
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: cycling(codes) });
    const cpuAfter = child.pid === undefined ? undefined : processCpuMs(child.pid);
    const failures = result.errors + result.timeouts + result.non2xx;
    const serverCpu =
      cpuBefore !== undefined && cpuAfter !== undefined
        ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total
        : undefined;
    return {
      id: 'commune-page',
      title: 'Commune page over HTTP (GET /communes/:insee, SQLite)',
      metrics: [
        {
          name: 'commune page: req/s, mean',
          value: result.requests.average,
          unit: 'req/s',
          target: { op: '>=', value: TARGET_RPS },
        },
        { name: 'commune page: req/s, median second', value: result.requests.p50, unit: 'req/s' },
        { name: 'commune page: latency p50', value: result.latency.p50, unit: 'ms' },
        { name: 'commune page: latency p99', value: result.latency.p99, unit: 'ms' },
        ...(serverCpu === undefined
          ? []
          : [
              { name: 'commune page: server CPU per request', value: serverCpu / 1000, unit: 'ms' as const },
              {
                name: 'commune page: capacity of one core (1 / CPU per request)',
                value: 1e6 / serverCpu,
                unit: 'req/s' as const,
              },
            ]),
      ],
      notes: [
        `${result.requests.total.toLocaleString('en-US')} requests in ${result.duration} s over ${CONNECTIONS} connections (after a ${WARMUP_S} s warm-up), cycling over ${codes.length.toLocaleString('en-US')} INSEE codes in shuffled order; ${failures} errors, timeouts or non-2xx answers.`,
        'Server: bench/serve-for-bench.ts (createApp + @hono/node-server, as `pacte serve`) in its own process; autocannon in the benchmark process, so each has one of the two cores.',
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
