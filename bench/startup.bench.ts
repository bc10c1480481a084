// Start-up times: the first start (migrations + territories on an empty SQLite file) and a later
// start (same database), each in a fresh process; `pacte serve` until it answers; runtime overheads.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { freePort } from '../src/testing/postgres-server.ts';
import { type BenchReport, isMain, log, median, output, ROOT, tempSqlite, tsArgs } from './support.ts';

const RUNS = 3;
const TARGET_FIRST_S = 30;
const TARGET_LATER_S = 2;

/** Child mode: prepare the database given on the command line, print how long it took. */
async function child(databaseUrl: string) {
  const started = performance.now();
  const connection = connect(databaseUrl);
  const report = await prepareDatabase(connection);
  const ms = performance.now() - started;
  await connection.close();
  process.stdout.write(`${JSON.stringify({ ms, territoriesLoaded: report.territoriesLoaded })}\n`);
}

async function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ wallMs: number; stdout: string }> {
  const started = performance.now();
  const proc = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
  return { wallMs: performance.now() - started, stdout };
}

async function prepareInChild(databaseUrl: string) {
  const { wallMs, stdout } = await runProcess(
    process.execPath,
    tsArgs('bench/startup.bench.ts', '--child', databaseUrl),
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; territoriesLoaded: boolean };
  return { ...result, wallMs };
}

/** `pacte serve` (bin/pacte.js, as users start it) until GET /health answers 200. */
async function serveUntilReady(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const proc: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'pacte.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`pacte serve exited with ${proc.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error('pacte serve not ready after 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    if (proc.exitCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM'); // bin/pacte.js passes it on to the server it started
      await exited;
    }
  }
}

async function medianOf(runs: number, fn: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  return median(values);
}

export async function run(): Promise<BenchReport> {
  const first: number[] = [];
  const firstWall: number[] = [];
  const later: number[] = [];
  const laterWall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const temp = tempSqlite();
    try {
      log(`startup: first start ${i + 1}/${RUNS}…`);
      const a = await prepareInChild(temp.url);
      if (!a.territoriesLoaded) throw new Error('the first start did not load the territories');
      first.push(a.ms);
      firstWall.push(a.wallMs);
      log(`startup: later start ${i + 1}/${RUNS}…`);
      const b = await prepareInChild(temp.url);
      later.push(b.ms);
      laterWall.push(b.wallMs);
    } finally {
      temp.remove();
    }
  }
  log('startup: pacte serve…');
  const serveFirst: number[] = [];
  const serveLater: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const temp = tempSqlite();
    try {
      serveFirst.push(await serveUntilReady(temp.url));
      serveLater.push(await serveUntilReady(temp.url));
    } finally {
      temp.remove();
    }
  }
  log('startup: runtime overheads…');
  const node = process.execPath;
  const plainNode = await medianOf(5, async () => (await runProcess(node, ['-e', '0'])).wallMs);
  const withTsx = await medianOf(5, async () => (await runProcess(node, ['--import', 'tsx', '-e', '0'])).wallMs);
  const pacteHelp = await medianOf(
    5,
    async () => (await runProcess(node, [join(ROOT, 'bin', 'pacte.js'), '--help'])).wallMs,
  );
  const s = (ms: number) => ms / 1000;
  return {
    id: 'startup',
    title: 'Start-up (SQLite)',
    metrics: [
      {
        name: 'first start: prepareDatabase, empty file',
        value: s(median(first)),
        unit: 's',
        target: { op: '<=', value: TARGET_FIRST_S },
      },
      { name: 'first start: whole process', value: s(median(firstWall)), unit: 's' },
      {
        name: 'later start: prepareDatabase, loaded file',
        value: s(median(later)),
        unit: 's',
        target: { op: '<=', value: TARGET_LATER_S },
      },
      { name: 'later start: whole process', value: s(median(laterWall)), unit: 's' },
      { name: '`pacte serve` until /health answers, first start', value: s(median(serveFirst)), unit: 's' },
      { name: '`pacte serve` until /health answers, later start', value: s(median(serveLater)), unit: 's' },
      { name: 'node -e 0 (plain node)', value: plainNode, unit: 'ms' },
      { name: 'node --import tsx -e 0', value: withTsx, unit: 'ms' },
      { name: '`pacte --help` (bin/pacte.js, tsx, CLI modules)', value: pacteHelp, unit: 'ms' },
    ],
    notes: [
      `Medians of ${RUNS} runs, each in a fresh process on a fresh temporary file ("whole process" adds node, tsx and module loading). Medians of 5 for the runtime overheads.`,
    ],
  };
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await child(process.argv[childIndex + 1] ?? '');
else if (isMain(import.meta.url)) output(await run());
