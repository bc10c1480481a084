import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertOneLineError, runPacte } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';

forEachDatabase('pacte backup and pacte restore', (database) => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-backup-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const pacte = (...args: string[]) => runPacte(args, { cwd: dir, env: { DATABASE_URL: database().url } });
  const db = () => database().connection.db;
  const marker = async () =>
    (await db().selectFrom('settings').select('value').where('key', '=', 'backup_test').executeTakeFirst())?.value;
  const setMarker = (value: string) =>
    db()
      .insertInto('settings')
      .values({ key: 'backup_test', value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();

  test('a backup restored brings the data back, and the replaced database is kept', async () => {
    await setMarker('avant la sauvegarde');
    const file = join(dir, 'pacte.sauvegarde');
    const saved = await pacte('backup', file);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /Sauvegarde écrite : .*pacte\.sauvegarde \(\d+\.\d Mo\)/);
    assert.ok(statSync(file).size > 100_000, 'the territories are in it');
    assert.ok(!existsSync(`${file}.partiel`), 'no temporary file left');

    await setMarker('après la sauvegarde');
    const communesBefore = await db().selectFrom('communes').select('insee').where('insee', '=', '62498').execute();
    await db().deleteFrom('commune_words').where('insee', '=', '62498').execute();

    const restored = await pacte('restore', file);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /Base restaurée depuis/);
    assert.equal(await marker(), 'avant la sauvegarde');
    const words = await db().selectFrom('commune_words').select('word').where('insee', '=', '62498').execute();
    assert.ok(words.length > 0, 'rows deleted after the backup are back');
    assert.deepEqual(
      await db().selectFrom('communes').select('insee').where('insee', '=', '62498').execute(),
      communesBefore,
    );
    const kept = readdirSync(join(dir, 'data', 'backups'));
    assert.equal(kept.length, 1);
    assert.match(kept[0] ?? '', /^avant-restauration-.*\.(sqlite|dump)$/);
  });

  test('a file that is not a backup, a damaged one or one of the other engine is refused in one line, nothing changed', async () => {
    await setMarker('intact');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'ceci n’est pas une sauvegarde\n');
    assertOneLineError(await pacte('restore', text), /n’est pas une sauvegarde Pacte/);
    assertOneLineError(await pacte('restore', join(dir, 'absent.sauvegarde')), /fichier introuvable/);

    const good = join(dir, 'bonne.sauvegarde');
    assert.equal((await pacte('backup', good)).code, 0);
    const damaged = join(dir, 'abimee.sauvegarde');
    const bytes = readFileSync(good);
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 3)));
    assertOneLineError(await pacte('restore', damaged), /endommagée|illisible|a échoué/);

    const otherEngine = join(dir, 'autre-moteur.sauvegarde');
    writeFileSync(
      otherEngine,
      database().url.startsWith('sqlite:') ? 'PGDMP\u0001\u000e\u0000' : 'SQLite format 3\u0000',
    );
    assertOneLineError(
      await pacte('restore', otherEngine),
      /est une sauvegarde (SQLite|PostgreSQL) ; DATABASE_URL désigne une base/,
    );
    assert.equal(await marker(), 'intact');
  });

  test('backup to a folder that does not exist is one line, exit 1', async () => {
    assertOneLineError(await pacte('backup', join(dir, 'nulle', 'part', 'f.sauvegarde')), /./);
  });
});
