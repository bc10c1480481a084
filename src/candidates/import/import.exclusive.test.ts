// Imports are one at a time per database, whichever process or instance starts them: a second one
// is refused with a clear reason (PostgreSQL: at once, through an advisory lock; SQLite: after
// waiting 5 s for the write lock), and the first is not disturbed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../../testing/databases.ts';
import { ImportError, importFile } from './import.service.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'municipales-2026.csv');

forEachDatabase('one import at a time', (database) => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-exclusive-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an import while another instance holds the bulk write is refused in one line, then works', async () => {
    // A bulk write session of its own, as another instance (or `pacte import` run meanwhile) holds.
    const held = await database().connection.openWriteSession();
    try {
      await assert.rejects(
        importFile(database().connection, FIXTURE, { reportDir: dir }),
        (error: unknown) =>
          error instanceof ImportError && /^un autre import est en cours sur cette base/.test(error.message),
      );
    } finally {
      await held.rollback();
    }
    if (database().url.startsWith('postgres')) {
      // (On SQLite the refused import could not even write its row: the other one held the lock.)
      const failed = await database()
        .connection.db.selectFrom('imports')
        .select(['status', 'error'])
        .orderBy('started_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /un autre import est en cours/);
    }
    const summary = await importFile(database().connection, FIXTURE, { reportDir: dir });
    assert.ok(summary.created > 0);
  });
});
