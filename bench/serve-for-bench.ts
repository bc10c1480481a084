// The real HTTP server, as `pacte serve` builds it, in its own process for the load benchmark:
//   node --import tsx bench/serve-for-bench.ts sqlite:/path/to/db.sqlite
// Listens on a free loopback port and prints `{"port":N}` once ready; stops on SIGTERM.
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { ensureSessionSecret } from '../src/db/settings.ts';
import { createApp } from '../src/web/app.tsx';

const databaseUrl = process.argv[2];
if (!databaseUrl) {
  console.error('usage: serve-for-bench.ts DATABASE_URL');
  process.exit(2);
}
const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0' });
const connection = connect(config.databaseUrl);
await prepareDatabase(connection);
config.sessionSecret ??= await ensureSessionSecret(connection.db);
const app = createApp({ connection, config });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
const stop = () => server.close(() => void connection.close().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
