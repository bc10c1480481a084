// The real HTTP server, as `pacte serve` builds it, in its own process for the load benchmark:
//   node --import tsx bench/serve-for-bench.ts sqlite:/path/to/db.sqlite
// Listens on a free loopback port and prints `{"port":N}` once ready; stops on SIGTERM. Runs the job
// queue's worker like `pacte serve` (in each of WEB_CONCURRENCY processes when set); emails go to SMTP_URL when set (else to BENCH_OUTBOX_DIR or ./data/outbox).
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { ensureSessionSecret } from '../src/db/settings.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { createApp } from '../src/web/app.tsx';
import { stopOnSignals, superviseWorkers } from '../src/web/workers.ts';

const databaseUrl = process.argv[2];
if (!databaseUrl) {
  console.error('usage: serve-for-bench.ts DATABASE_URL');
  process.exit(2);
}
const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', SMTP_URL: process.env.SMTP_URL });
if (process.env.BENCH_OUTBOX_DIR) config.outboxDir = process.env.BENCH_OUTBOX_DIR;
// WEB_CONCURRENCY=N: N processes on one port, as `pacte serve` runs them (src/web/workers.ts).
const processes = Number(process.env.WEB_CONCURRENCY ?? '1');

if (processes > 1 && cluster.isPrimary) {
  const connection = connect(config.databaseUrl);
  await prepareDatabase(connection);
  await ensureSessionSecret(connection.db);
  await connection.close();
  superviseWorkers(processes, {
    log: (line) => console.error(line),
    onListening: (port) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  });
} else {
  const connection = connect(config.databaseUrl);
  if (cluster.isPrimary) await prepareDatabase(connection);
  config.sessionSecret ??= await ensureSessionSecret(connection.db);
  const jobQueue = new JobQueue(connection, { workerId: process.env.BENCH_WORKER_ID });
  const app = createApp({ connection, config, jobQueue });
  jobQueue.start();
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    if (cluster.isPrimary) process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
  stopOnSignals(server, () => jobQueue.stop().then(() => connection.close()));
}
