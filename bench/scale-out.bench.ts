// Scale-out: two application servers (bench/serve-for-bench.ts, as `pacte serve`, each with its job
// worker) on one throw-away PostgreSQL database, loaded by autocannon on public pages through both
// while 100 signers submit the real signature form across both (form from one instance, posted to the
// other, as behind a round-robin proxy). Afterwards, in the database and on a real SMTP server: every
// accepted signature stored once (none lost, none duplicated), every confirmation email job done once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { importFile } from '../src/candidates/import/import.service.ts';
import { type Connection, connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { MIN_FILL_MS } from '../src/pledges/form-guard.ts';
import { SIGNATURE_MAIL_JOB } from '../src/pledges/signature-mail.jobs.ts';
import { findPostgresBin, startPostgres } from '../src/testing/postgres-server.ts';
import { startSmtpServer } from '../src/testing/smtp.ts';
import { type AutocannonRequest, type AutocannonResult, populationWeighted, stopServer } from './http-load.ts';
import { signerFormBody } from './signer-form.ts';
import {
  type BenchReport,
  isMain,
  log,
  type Metric,
  output,
  percentile,
  processCpuMs,
  ROOT,
  seededRandom,
  tsArgs,
} from './support.ts';

const SIGNERS = 100;
const DOUBLE_CLICKERS = 10;
/** autocannon connections per instance. */
const CONNECTIONS = 10;
const WARMUP_S = 2;
const DURATION_S = 12;
const FIXTURE = join(ROOT, 'src', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');

const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

interface Instance {
  name: string;
  child: ChildProcess;
  origin: string;
}

/** bench/serve-for-bench.ts with its own worker name, emails to the SMTP server. */
async function startInstance(name: string, databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, tsArgs('bench/serve-for-bench.ts', databaseUrl), {
    env: { ...process.env, SMTP_URL: smtpUrl, BENCH_WORKER_ID: name },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${name} exited (${code}) before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { name, child, origin: `http://127.0.0.1:${port}` };
}

function cycling(paths: string[], offset: number): AutocannonRequest[] {
  let next = offset;
  return [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }];
}

/** Public pages for both instances at once (each autocannon on its instance = a round-robin proxy). */
function loadBoth(instances: Instance[], paths: string[], duration: number) {
  return Promise.all(
    instances.map((instance, i) =>
      autocannon({ url: instance.origin, connections: CONNECTIONS, duration, requests: cycling(paths, i * 7919) }),
    ),
  );
}

interface Submission {
  signer: number;
  status: number;
  ms: number;
}

/** 100 signers: GET the form on one instance, then all POST at once to the other; 10 post twice. */
async function signers(instances: Instance[]): Promise<{ submissions: Submission[]; wallMs: number }> {
  const random = seededRandom(11);
  const origin = (i: number) => (instances[i % instances.length] as Instance).origin;
  const forms = await Promise.all(
    Array.from({ length: SIGNERS }, async (_, i) => {
      const response = await fetch(`${origin(i)}/signer?commune=62498&cp=62300`);
      const html = await response.text();
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
      const lists = [...html.matchAll(/<option value="(municipales-2026\.[^"]+)"/g)].map((m) => m[1] as string);
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return { cookie, csrf: field('_csrf'), stamp: field('formulaire_ouvert'), lists };
    }),
  );
  const choices = forms.map((f) => ({
    list: Math.floor(random() * (f.lists.length + 1)),
    variant: random() < 0.7 ? 'list' : 'individual',
  }));
  await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS + 200));
  const submit = async (i: number, to: number): Promise<Submission> => {
    const form = forms[i] as (typeof forms)[number];
    const { list, variant } = choices[i] as (typeof choices)[number];
    const started = performance.now();
    const response = await fetch(`${origin(to)}/signer?commune=62498`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: form.cookie,
        'x-forwarded-for': `198.51.100.${i}`,
      },
      body: signerFormBody(form, i, list, variant),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    const ok = response.status === 303 && response.headers.get('location') === '/signer/envoye';
    if (!ok) log(`signer ${i}: HTTP ${response.status}`);
    return { signer: i, status: ok ? 303 : response.status, ms: performance.now() - started };
  };
  const started = performance.now();
  const submissions = await Promise.all([
    // Posted to the other instance than the one that served the form.
    ...Array.from({ length: SIGNERS }, (_, i) => submit(i, i + 1)),
    // A double click: the same form posted to both instances at once.
    ...Array.from({ length: DOUBLE_CLICKERS }, (_, k) => submit(k * 7, k * 7)),
  ]);
  return { submissions, wallMs: performance.now() - started };
}

async function prepared(connection: Connection) {
  await prepareDatabase(connection);
  await importFile(connection, FIXTURE, { reportDir: mkdtempSync(join(tmpdir(), 'pacte-bench-reports-')) });
}

async function waitForJobs(connection: Connection, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const pending = await connection.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0 || performance.now() - started > timeoutMs) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function run(): Promise<BenchReport> {
  const id = 'scale-out';
  const title = 'Scale-out: two instances on one PostgreSQL database, public load and 100 signers';
  if (!findPostgresBin()) {
    return { id, title, metrics: [], notes: ['PostgreSQL not measured: server binaries not installed.'] };
  }
  log('scale-out: preparing PostgreSQL…');
  const server = await startPostgres();
  const smtp = await startSmtpServer();
  const instances: Instance[] = [];
  let connection: Connection | undefined;
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE pacte_bench');
    await admin.end();
    const url = server.urlFor('pacte_bench');
    connection = connect(url);
    await prepared(connection);
    const communes = await connection.db.selectFrom('communes').select(['insee', 'population']).execute();
    const paths = [...populationWeighted(communes, 5000).map((insee) => `/communes/${insee}`), '/', '/signer'];
    for (const name of ['instance-a', 'instance-b']) instances.push(await startInstance(name, url, smtp.url));
    log(`scale-out: warm-up ${WARMUP_S} s on both instances…`);
    await loadBoth(instances, paths, WARMUP_S);

    log(`scale-out: ${DURATION_S} s of public load on both, ${SIGNERS} signers submitting meanwhile…`);
    const cpuBefore = instances.map((i) => processCpuMs(i.child.pid as number));
    const load = loadBoth(instances, paths, DURATION_S);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const signing = await signers(instances);
    const submittedAt = performance.now();
    const results = await load;
    const cpuLoaded = instances.map((i) => processCpuMs(i.child.pid as number));
    const emailsMs = Math.max(0, (await waitForJobs(connection)) + performance.now() - submittedAt);
    const cpuAfter = instances.map((i) => processCpuMs(i.child.pid as number));
    // Everything SMTP received (the last messages may still be in flight when the jobs are marked done).
    const accepted = signing.submissions.filter((s) => s.status === 303);
    for (let waited = 0; smtp.received.length < accepted.length && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    // What the database and the mail server hold.
    const rows = await connection.db
      .selectFrom('signatures')
      .select('email')
      .where('email', 'like', 'signataire-%')
      .execute();
    const stored = new Map<string, number>();
    for (const r of rows) stored.set(r.email ?? '', (stored.get(r.email ?? '') ?? 0) + 1);
    const acceptedSigners = new Set(accepted.map((s) => `signataire-${s.signer}@example.org`));
    const lost = [...acceptedSigners].filter((email) => !stored.has(email)).length;
    const duplicated = [...stored.values()].filter((n) => n > 1).length;
    const jobs = await connection.db
      .selectFrom('jobs')
      .select(['status', 'locked_by', 'attempts'])
      .where('kind', '=', SIGNATURE_MAIL_JOB)
      .execute();
    const done = jobs.filter((j) => j.status === 'done');
    const perRecipient = new Map<string, number>();
    for (const mail of smtp.received) {
      for (const to of mail.envelope.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    const expectedPer = new Map<string, number>();
    for (const s of accepted) {
      const email = `signataire-${s.signer}@example.org`;
      expectedPer.set(email, (expectedPer.get(email) ?? 0) + 1);
    }
    const emailMismatches = [...new Set([...expectedPer.keys(), ...perRecipient.keys()])].filter(
      (email) => (expectedPer.get(email) ?? 0) !== (perRecipient.get(email) ?? 0),
    ).length;

    const total = results.reduce((n, r) => n + r.requests.total, 0);
    const reqPerS = results.reduce((n, r) => n + r.requests.average, 0);
    const loadErrors = results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
    const cpuBetween = (from: (number | undefined)[], to: (number | undefined)[]) =>
      to.reduce<number>((n, t, i) => n + ((t ?? 0) - (from[i] ?? 0)), 0);
    const serverCpuMs = cpuBetween(cpuBefore, cpuLoaded);
    const drainCpuMs = cpuBetween(cpuLoaded, cpuAfter);
    const latencies = signing.submissions.map((s) => s.ms).sort((a, b) => a - b);
    const byWorker = instances.map((i) => done.filter((j) => j.locked_by === i.name).length);
    const metrics: Metric[] = [
      { name: 'public pages, both instances: req/s', value: reqPerS, unit: 'req/s' },
      ...results.flatMap((r, i) => [
        { name: `public pages, instance ${'AB'[i]}: latency p50`, value: r.latency.p50, unit: 'ms' as const },
        { name: `public pages, instance ${'AB'[i]}: latency p99`, value: r.latency.p99, unit: 'ms' as const },
      ]),
      { name: 'public pages: errors, timeouts, non-2xx', value: loadErrors, unit: '', target: { op: '<=', value: 0 } },
      {
        name: 'server CPU per HTTP request (both instances, load window)',
        value: serverCpuMs / (total + SIGNERS + signing.submissions.length),
        unit: 'ms',
      },
      { name: 'server CPU after the load, until every email was sent', value: drainCpuMs / 1000, unit: 's' },
      {
        name: `signatures: submissions accepted (of ${SIGNERS + DOUBLE_CLICKERS})`,
        value: accepted.length,
        unit: '',
        target: { op: '>=', value: SIGNERS + DOUBLE_CLICKERS },
      },
      { name: 'signatures stored', value: rows.length, unit: '', target: { op: '>=', value: SIGNERS } },
      { name: 'signatures lost or duplicated', value: lost + duplicated, unit: '', target: { op: '<=', value: 0 } },
      { name: 'signature POST latency p50 (under load)', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'signature POST latency p99 (under load)', value: percentile(latencies, 99), unit: 'ms' },
      {
        name: 'confirmation email jobs done',
        value: done.length,
        unit: '',
        target: { op: '>=', value: accepted.length },
      },
      {
        name: 'emails missing or sent twice (SMTP server)',
        value: emailMismatches + jobs.length - done.length,
        unit: '',
        target: { op: '<=', value: 0 },
      },
      { name: 'last email sent, after the last submission', value: emailsMs / 1000, unit: 's' },
    ];
    const notes = [
      `Two bench/serve-for-bench.ts processes (createApp + @hono/node-server + a started JobQueue worker, as \`pacte serve\`) on one throw-away PostgreSQL cluster (startPostgres(), the municipales 2026 fixture imported), emails to a real SMTP server (src/testing/smtp.ts) in the benchmark process. autocannon ${CONNECTIONS} connections per instance (${CONNECTIONS * 2} in all), ${WARMUP_S} s warm-up then ${DURATION_S} s, on commune pages drawn by population, \`/\` and \`/signer\`; ${total} requests.`,
      `Meanwhile (from the 2nd second) ${SIGNERS} signers GET /signer?commune=62498 on one instance and POST it to the other (CSRF cookie and signed timestamp from the first), all at once after the minimum fill time, ${DOUBLE_CLICKERS} of them posting the same form to both instances at once (a double click): ${accepted.length} submissions accepted (303), all answered in ${(signing.wallMs / 1000).toFixed(1)} s.`,
      `Database afterwards: ${rows.length} signatures for ${stored.size} signers (lost ${lost}, duplicated ${duplicated}); ${jobs.length} email jobs, ${done.length} done (instance A ran ${byWorker[0]}, B ${byWorker[1]}), attempts ${Math.max(0, ...jobs.map((j) => j.attempts))} at most; the SMTP server received ${smtp.received.length} messages (${emailMismatches} recipients with a count different from their accepted submissions).`,
      `Both servers, autocannon, the SMTP server and PostgreSQL share the machine's ${cpus().length} cores (load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )} at the end, other work included): throughput and latencies are those of the whole machine, not of one instance. The server CPU time (from /proc, both server processes) is the steadier figure; in the load window it includes the emails sent meanwhile (each job renders the filled PDF and sends it).`,
    ];
    return { id, title, metrics, notes };
  } finally {
    for (const instance of instances) await stopServer(instance.child);
    await connection?.close();
    await smtp.close();
    server.stop();
  }
}

if (isMain(import.meta.url)) output(await run());
