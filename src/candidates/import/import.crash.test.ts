// A `pacte import` killed with SIGKILL half-way (power cut, OOM killer) leaves the database as it was
// before: the import is one transaction, and the engine recovers its journal on the next open.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { sqlitePath } from '../../db/connection.ts';
import { cliBaseEnv, PACTE_BIN, runPacte } from '../../testing/cli.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { communesFromDecoupage, writeSynthetic2026 } from './formats/generate-synthetic-2026.ts';

const DEPARTEMENTS = new Set(['59', '62']);

forEachDatabase('an import killed half-way', (database) => {
  let dir = '';
  let file = '';
  let rows = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-crash-'));
    file = join(dir, 'municipales-2026.csv');
    const communes = communesFromDecoupage().filter((c) => DEPARTEMENTS.has(c.dept));
    rows = (await writeSynthetic2026(file, { communes })).rows;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const count = async (table: 'candidacies' | 'lists' | 'people') =>
    Number(
      (
        await database()
          .connection.db.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function runningImport(): Promise<boolean> {
    const row = await database()
      .connection.db.selectFrom('imports')
      .select('status')
      .where('status', '=', 'running')
      .executeTakeFirst();
    return row !== undefined;
  }

  test(`SIGKILL during the import of ${DEPARTEMENTS.size} départements: nothing from the file, and the next import completes`, async () => {
    const before_ = {
      candidacies: await count('candidacies'),
      lists: await count('lists'),
      people: await count('people'),
    };
    // Its own process group: bin/pacte.js starts the pinned node as a child, and both must die at once.
    const child: ChildProcess = spawn(process.execPath, [PACTE_BIN, 'import', file], {
      cwd: dir,
      env: { ...cliBaseEnv(), DATABASE_URL: database().url },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let finished = false;
    void exited.then(() => {
      finished = true;
    });
    const deadline = Date.now() + 60_000;
    while (!(await runningImport())) {
      assert.ok(!finished, 'the import process stopped before starting its import');
      assert.ok(Date.now() < deadline, 'the import started within a minute');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 400)); // well into the rows
    assert.ok(!finished, `the import of ${rows} rows was still running when killed`);
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;

    if (database().url.startsWith('sqlite:')) {
      const raw = new DatabaseSync(sqlitePath(database().url));
      assert.equal((raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      raw.close();
    }
    assert.deepEqual(
      { candidacies: await count('candidacies'), lists: await count('lists'), people: await count('people') },
      before_,
      'no row of the killed import',
    );

    const again = await runPacte(['import', file], { cwd: dir, env: { DATABASE_URL: database().url } });
    assert.equal(again.code, 0, again.stderr);
    const [, read, created] = /lues (\d+), créées (\d+)/.exec(again.stdout) ?? [];
    assert.equal(Number(read), rows, again.stdout);
    assert.ok(Number(created) > rows * 0.9, again.stdout);
    assert.equal(
      (await count('candidacies')) - before_.candidacies,
      Number(created),
      'every candidacy of the file, once',
    );
  });
});
