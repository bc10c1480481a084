// Commune page throughput: the real HTTP server (own process) loaded by autocannon on /communes/:insee.
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
import { type BenchReport, isMain, log, output, preparedSqlite } from './support.ts';

const TARGET_RPS = 1_500;

interface Scenario {
  key: string;
  label: string;
  codes: string[];
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
  const shuffled = shuffledSeeded(rows.map((r) => r.insee));
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
      const paths = scenario.codes.map((insee) => `/communes/${insee}`);
      const { result, serverCpu, failures } = await measure(url, child.pid, paths);
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
    await stopServer(child);
    sqlite.remove();
  }
}

if (isMain(import.meta.url)) output(await run());
