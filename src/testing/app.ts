import { loadConfig } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { createApp } from '../web/app.tsx';

/** The whole application in-process, on a test database, with errors collected instead of printed. */
export function testApp(connection: Connection) {
  const errors: unknown[] = [];
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' });
  const app = createApp({ connection, config, logError: (e) => errors.push(e) });
  return { app, errors, config };
}
