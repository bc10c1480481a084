// Transactions on SQLite take the write lock at BEGIN (sqlite-dialect.ts), so that a second process
// writing meanwhile makes them wait instead of failing with a stale snapshot.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { connect } from './connection.ts';

test('a Kysely transaction on SQLite holds the write lock from its BEGIN, before its first write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-immediate-'));
  const file = join(dir, 'db.sqlite');
  const connection = connect(`sqlite:${file}`);
  const other = new DatabaseSync(file);
  try {
    other.exec('PRAGMA busy_timeout = 0');
    other.exec('CREATE TABLE t (n INTEGER)');
    await connection.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('t' as never)
        .selectAll()
        .execute();
      // Another process (here another connection) cannot start writing while this transaction runs.
      assert.throws(() => other.exec('BEGIN IMMEDIATE'), /locked|busy/i);
      await trx
        .insertInto('t' as never)
        .values({ n: 1 } as never)
        .execute();
    });
    other.exec('BEGIN IMMEDIATE');
    other.exec('INSERT INTO t VALUES (2)');
    other.exec('COMMIT');
    assert.deepEqual(
      other
        .prepare('SELECT n FROM t ORDER BY n')
        .all()
        .map((r) => r.n),
      [1, 2],
    );
  } finally {
    other.close();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
