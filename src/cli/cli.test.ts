import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect } from '../db/connection.ts';
import { assertOneLineError, PACTE_BIN as BIN, cliBaseEnv as baseEnv, runPacte } from '../testing/cli.ts';
import { createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { freePort } from '../testing/postgres-server.ts';

let workDir = '';

/** Runs `pacte ARGS` in a scratch folder (not in the repository), as a user would. */
const pacte = (args: string[], env: Record<string, string> = {}) => runPacte(args, { cwd: workDir, env });

// Each test starts its own processes on its own files: they run side by side.
describe('pacte command line', { concurrency: 2 }, () => {
  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pacte-cli-'));
  });
  after(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  test('--help lists the commands and exits 0', async () => {
    const runs = await Promise.all([['--help'], []].map((args) => pacte(args)));
    for (const run of runs) {
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Usage : pacte COMMANDE/);
      for (const name of ['serve', 'migrate', 'territories load']) {
        assert.match(run.stdout, new RegExp(`^  ${name} +\\S`, 'm'), name);
      }
    }
  });

  test('COMMAND --help shows that command’s usage', async () => {
    const run = await pacte(['territories', 'load', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage : pacte territories load\n/);
    assert.match(run.stdout, /communes, départements/);
  });

  test('an unknown or incomplete command is one line on stderr, exit 1', async () => {
    const [unknown, partial, partialHelp] = await Promise.all([
      pacte(['frobnicate']),
      pacte(['territories']),
      pacte(['territories', '--help']),
    ]);
    assertOneLineError(unknown, /commande inconnue « frobnicate ».*pacte --help/);
    assertOneLineError(partial, /commande inconnue « territories » \(sous-commandes : territories load\)/);
    assert.equal(partial.stdout, '');
    assertOneLineError(partialHelp, /sous-commandes : territories load/);
  });

  test('an invalid DATABASE_URL or PORT is named on one line, exit 1', async () => {
    const [database, port] = await Promise.all([
      pacte(['migrate'], { DATABASE_URL: 'mysql://x' }),
      pacte(['serve'], { PORT: 'abc' }),
    ]);
    assertOneLineError(database, /Variable DATABASE_URL invalide/);
    assertOneLineError(port, /Variable PORT invalide/);
  });

  test('an unreachable PostgreSQL server is one line, exit 1', async () => {
    const port = await freePort();
    const run = await pacte(['migrate'], { DATABASE_URL: `postgres://pacte@127.0.0.1:${port}/pacte` });
    assertOneLineError(run, /base de données injoignable \(DATABASE_URL\).*ECONNREFUSED/);
  });

  test('an unusable SQLite file is one line, exit 1', async () => {
    const notADatabase = join(workDir, 'not-a-database.sqlite');
    writeFileSync(notADatabase, 'this is not SQLite\n'.repeat(100));
    const [notSqlite, folder, underFile] = await Promise.all([
      pacte(['migrate'], { DATABASE_URL: `sqlite:${notADatabase}` }),
      pacte(['migrate'], { DATABASE_URL: `sqlite:${workDir}` }),
      pacte(['migrate'], { DATABASE_URL: `sqlite:${notADatabase}/sub/pacte.sqlite` }),
    ]);
    assertOneLineError(notSqlite, /base SQLite inutilisable \(DATABASE_URL\)/);
    assertOneLineError(folder, /base SQLite inutilisable \(DATABASE_URL\)/);
    assertOneLineError(underFile, /base SQLite inutilisable \(DATABASE_URL\)/);
  });

  test('migrate creates a fresh SQLite database, then finds it up to date', async () => {
    const file = join(workDir, 'fresh', 'pacte.sqlite');
    const first = await pacte(['migrate'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Migrations appliquées : 0001_foundation/);
    const second = await pacte(['migrate'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'Base déjà à jour.\n');
    const connection = connect(`sqlite:${file}`);
    try {
      const elections = await connection.db.selectFrom('elections').select('id').execute();
      assert.ok(
        elections.some((e) => e.id === 'municipales-2026'),
        'the known elections are seeded',
      );
      const communes = await connection.db.selectFrom('communes').select('insee').limit(1).execute();
      assert.deepEqual(communes, [], 'migrate alone does not load the territories');
    } finally {
      await connection.close();
    }
  });

  test('migrate on an up-to-date PostgreSQL database', async () => {
    const database: TestDatabase = await createTestDatabase('postgres');
    try {
      const run = await pacte(['migrate'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'Base déjà à jour.\n');
    } finally {
      await database.drop();
    }
  });

  test('territories load on a loaded database reports no change', async () => {
    const file = join(workDir, 'loaded.sqlite');
    copyFileSync(process.env.PACTE_TEST_SQLITE_TEMPLATE ?? '', file);
    const run = await pacte(['territories', 'load'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    const tables = lines.map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(tables, [
      'regions',
      'departements',
      'communes',
      'commune_words',
      'postcodes',
      'intercommunalities',
      'intercommunality_members',
    ]);
    for (const line of lines) assert.match(line, /créés 0, modifiés 0, supprimés 0, inchangés [1-9]\d*$/);
    assert.match(run.stdout, /^communes +créés 0, modifiés 0, supprimés 0, inchangés 35014$/m);
  });

  describe('pacte serve', { concurrency: false }, () => {
    let server: ChildProcess | undefined;
    let stdout = '';
    let stderr = '';
    let port = 0;
    const dbFile = () => join(workDir, 'serve', 'pacte.sqlite');

    after(() => {
      // Safety net if a test failed before the server stopped: end the process group started here.
      if (server?.pid && server.exitCode === null && server.signalCode === null) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {}
      }
    });

    test('starts on a fresh database (migrates, loads territories) and serves pages', async () => {
      port = await freePort();
      server = spawn(process.execPath, [BIN, 'serve'], {
        cwd: workDir,
        env: { ...baseEnv(), DATABASE_URL: `sqlite:${dbFile()}`, PORT: String(port) },
        detached: true,
      });
      server.stdout?.on('data', (d) => {
        stdout += d;
      });
      server.stderr?.on('data', (d) => {
        stderr += d;
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready after 30 s:\n${stdout}\n${stderr}`)), 30_000);
        const check = () => {
          if (/prêt/.test(stdout)) {
            clearTimeout(timer);
            resolve();
          }
        };
        server?.stdout?.on('data', check);
        server?.on('exit', (code) => reject(new Error(`exited with ${code}:\n${stdout}\n${stderr}`)));
      });
      assert.match(
        stdout,
        new RegExp(`Pacte prêt en [\\d.]+ s, territoires chargés : http://localhost:${port} \\(base sqlite\\)`),
      );

      const page = await fetch(`http://127.0.0.1:${port}/communes/62498`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<html lang="fr">/);
      assert.match(html, /<h1>Lens<\/h1>/, 'JSX pages render even when started outside the project folder');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
      await fetch(`http://127.0.0.1:${port}/signer/confirmer/AbCdEfGhIjKlMnOpQrStUvWx?x=secret`);
      await new Promise((r) => setTimeout(r, 100));
      const logged = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { path: string; status: number; method: string; ms: number; time: string });
      const communeLine = logged.find((l) => l.path === '/communes/62498');
      assert.equal(communeLine?.status, 200, 'one structured log line per request');
      assert.equal(typeof communeLine?.ms, 'number');
      assert.ok(
        logged.some((l) => l.path === '/signer/confirmer/:jeton'),
        'tokens are not logged',
      );
      assert.doesNotMatch(stdout, /AbCdEfGhIjKlMnOpQrStUvWx|secret/);
      assert.equal(stderr, '', 'nothing logged as an error');
    });

    test('SIGTERM to the pacte process stops the server cleanly', async () => {
      assert.ok(server?.pid, 'server started');
      const exited = new Promise<number | null>((resolve) => server?.on('exit', (code) => resolve(code)));
      process.kill(server.pid, 'SIGTERM');
      assert.equal(await exited, 0);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), 'the port is closed');
    });
  });
});
