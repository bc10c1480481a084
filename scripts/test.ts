// The whole test suite: unit, integration on SQLite *and* PostgreSQL, browser tests in Chromium.
// Prepares everything it needs: checks/installs prerequisites, starts a throw-away PostgreSQL
// server, builds one migrated database with territories per engine, then runs node:test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, globSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { TEMPLATE_DATABASE } from '../src/testing/databases.ts';
import { findPostgresBin, startPostgres } from '../src/testing/postgres-server.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!findPostgresBin()) missing.push('postgresql');
  // pdftotext/pdftoppm read back the generated PDFs (src/pledges/pact-pdf.test.ts).
  if (!existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
  // LibreOffice converts the generated .ods files back to CSV (src/opendata/writers.test.ts).
  if (!existsSync('/usr/bin/libreoffice')) missing.push('libreoffice-calc-nogui');
  // LibreOffice Writer converts the generated .odt letters to text (src/outreach/letters/letters.test.ts).
  if (!existsSync('/usr/lib/libreoffice/program/libswlo.so')) missing.push('libreoffice-writer-nogui');
  return missing;
}

function ensurePrerequisites() {
  const missing = missingPrerequisites();
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!canInstall) {
    console.error(`Prérequis manquants : ${missing.join(', ')}. Installez-les avec :\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`Installation des prérequis manquants : ${missing.join(', ')}`);
  execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const still = missingPrerequisites();
  if (still.length) {
    console.error(`Prérequis toujours manquants après installation : ${still.join(', ')}`);
    process.exit(1);
  }
}

async function buildSqliteTemplate(dir: string): Promise<string> {
  const file = join(dir, 'template.sqlite');
  const connection = connect(`sqlite:${file}`);
  await prepareDatabase(connection);
  await connection.close();
  return file;
}

async function buildPostgresTemplate(adminUrl: string, urlFor: (db: string) => string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const connection = connect(urlFor(TEMPLATE_DATABASE));
  await prepareDatabase(connection);
  await connection.close();
}

ensurePrerequisites();
const patterns = process.argv.slice(2);
const files = globSync(patterns.length ? patterns : ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.{ts,tsx}']).sort();
const workDir = mkdtempSync(join(tmpdir(), 'pacte-tests-'));
const postgres = await startPostgres();
let status = 1;
try {
  const started = performance.now();
  const [sqliteTemplate] = await Promise.all([
    buildSqliteTemplate(workDir),
    buildPostgresTemplate(postgres.adminUrl, postgres.urlFor),
  ]);
  console.log(`Bases de test prêtes (SQLite et PostgreSQL) en ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        PACTE_TEST_SQLITE_TEMPLATE: sqliteTemplate,
        PACTE_TEST_PG_URL: postgres.adminUrl,
        CHROMIUM_PATH: chromiumPath,
        NODE_NO_WARNINGS: '1',
      },
    },
  );
  status = result.status ?? 1;
} finally {
  postgres.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(status);
