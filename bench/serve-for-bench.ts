// The real HTTP server, as `pacte serve` builds it, in its own process for the load benchmark:
//   node --import tsx bench/serve-for-bench.ts sqlite:/path/to/db.sqlite
// Listens on a free loopback port and prints `{"port":N}` once ready; stops on SIGTERM. Runs the job
// queue's worker like `pacte serve`; emails go to SMTP_URL when set (else to BENCH_OUTBOX_DIR or ./data/outbox).
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { ensureSessionSecret } from '../src/db/settings.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { createApp } from '../src/web/app.tsx';

const databaseUrl = process.argv[2];
if (!databaseUrl) {
  console.error('usage: serve-for-bench.ts DATABASE_URL');
  process.exit(2);
}
const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', SMTP_URL: process.env.SMTP_URL });
if (process.env.BENCH_OUTBOX_DIR) config.outboxDir = process.env.BENCH_OUTBOX_DIR;
const connection = connect(config.databaseUrl);
await prepareDatabase(connection);
config.sessionSecret ??= await ensureSessionSecret(connection.db);
const jobQueue = new JobQueue(connection, { workerId: process.env.BENCH_WORKER_ID });
const app = createApp({ connection, config, jobQueue });
jobQueue.start();
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
const stop = () => server.close(() => void jobQueue.stop().then(() => connection.close().then(() => process.exit(0))));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
