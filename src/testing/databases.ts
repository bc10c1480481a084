import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { type Connection, connect, type Dialect } from '../db/connection.ts';
import { stopJobQueues } from '../jobs/queue.ts';

/**
 * Integration tests run on both databases. The test runner (scripts/test.ts) prepares one migrated
 * database with territories per engine; each test suite gets its own copy of it.
 */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export const TEMPLATE_DATABASE = 'pacte_template';

export interface TestDatabase {
  connection: Connection;
  url: string;
  drop(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with "npm test", which prepares the databases`);
  return value;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pacte-test-'));
    const file = join(dir, 'pacte.sqlite');
    copyFileSync(requiredEnv('PACTE_TEST_SQLITE_TEMPLATE'), file);
    const url = `sqlite:${file}`;
    const connection = connect(url);
    return {
      connection,
      url,
      async drop() {
        await stopJobQueues(connection.db); // a worker may be finishing a job (marking an email sent)
        await connection.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = requiredEnv('PACTE_TEST_PG_URL');
  const name = `pacte_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two CREATE DATABASE … TEMPLATE at once fail ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt > 100) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/[^/]+$/, `/${name}`);
  const connection = connect(url);
  return {
    connection,
    url,
    async drop() {
      await stopJobQueues(connection.db); // a worker may be finishing a job (marking an email sent)
      await connection.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      // pool.end() resolves before its connections have finished closing: terminating them now
      // (WITH FORCE) makes a closing client throw "terminating connection due to administrator
      // command" as an uncaught error in the test process. Wait for them to go first.
      for (let attempt = 0; attempt < 100; attempt++) {
        const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        if (rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Declares the same suite once per database engine. The callback receives a getter for the
 * suite's own database (fresh copy of the template, dropped after the suite).
 */
export function forEachDatabase(name: string, suite: (database: () => TestDatabase, dialect: Dialect) => void) {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let database: TestDatabase | undefined;
      before(async () => {
        database = await createTestDatabase(dialect);
      });
      after(async () => {
        await database?.drop();
      });
      suite(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      }, dialect);
    });
  }
}
