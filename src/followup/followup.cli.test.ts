import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { assertOneLineError, runPacte } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { type FollowupFixture, seedFollowup } from './followup.fixtures.ts';

forEachDatabase('pacte followup (command line)', (database) => {
  let f: FollowupFixture;
  const env = () => ({ DATABASE_URL: database().url, BASE_URL: 'http://pacte.test', SMTP_URL: 'smtp://127.0.0.1:9' });
  before(async () => {
    f = await seedFollowup(database().connection);
  });

  test('refresh marks the elected and creates the scorecards; unknown election is a one-line error', async () => {
    const run = await runPacte(['followup', 'refresh', '--election', 'municipales-2026'], { cwd: f.dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /candidatures créées 3/);
    assert.match(run.stdout, /suivis : 2 créé/);
    assertOneLineError(
      await runPacte(['followup', 'refresh', '--election', 'municipales-1789'], { cwd: f.dir, env: env() }),
      /élection inconnue/,
    );
  });

  test('remind --dry-run lists who would receive the questionnaire and sends nothing', async () => {
    // SMTP_URL points at a closed port: a real send would fail.
    const run = await runPacte(['followup', 'remind', '--dry-run', '--months', '4'], { cwd: f.dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /tous les 4 mois/);
    assertOneLineError(
      await runPacte(['followup', 'remind', '--months', 'zéro'], { cwd: f.dir, env: env() }),
      /--months/,
    );
    assert.match(run.stdout, /2 seraient envoyés/);
    assert.match(run.stdout, /benevole@example\.org \(Cliss XXI\) : 68 élément\(s\) dans 2 collectivité\(s\)/);
    const rows = await database().connection.db.selectFrom('followup_reminders').selectAll().execute();
    assert.equal(rows.length, 0);
  });

  test('results: dry run prints what would change and the rejected lines; the import creates the scorecards; errors in one line', async () => {
    const file = join(import.meta.dirname, 'fixtures', 'municipales-2026-resultats-communes-2026-03-20.csv');
    const args = ['followup', 'results', file, '--election', 'municipales-2026'];
    const dry = await runPacte([...args, '--dry-run'], { cwd: f.dir, env: env() });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Résultats par commune → municipales-2026, au 2026-03-20 \(essai à blanc/);
    assert.match(
      dry.stdout,
      /lignes 7, communes pourvues 2, listes élues 3 \(créées 3,.*candidats élus 4 \(créés 4,.*lignes rejetées 5/,
    );
    assert.match(dry.stdout, /ligne 6 : commune inconnue : code « 99999 »/);
    assert.doesNotMatch(dry.stdout, /suivis :/);
    const run = await runPacte(args, { cwd: f.dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /suivis : \d+ créé\(s\)/);
    assertOneLineError(
      await runPacte(['followup', 'results', file, '--election', 'legislatives-2024'], { cwd: f.dir, env: env() }),
      /concernent les municipales/,
    );
    assertOneLineError(await runPacte(['followup', 'results', file], { cwd: f.dir, env: env() }), /usage/);
    assertOneLineError(
      await runPacte([...args, '--date', 'hier'], { cwd: f.dir, env: env() }),
      /date invalide : « hier »/,
    );
  });

  test('second-round: missing file and first round refused in one line', async () => {
    assertOneLineError(
      await runPacte(['followup', 'second-round', 'absent.csv', '--election', 'municipales-2026'], {
        cwd: f.dir,
        env: env(),
      }),
      /fichier introuvable/,
    );
    assertOneLineError(
      await runPacte(['followup', 'second-round', 'maires.csv', '--election', 'municipales-2026', '--round', '1'], {
        cwd: f.dir,
        env: env(),
      }),
      /premier tour/,
    );
  });
});
