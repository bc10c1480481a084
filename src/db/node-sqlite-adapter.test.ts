import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openNodeSqlite } from './node-sqlite-adapter.ts';

// Limits and offsets are written into the SQL before SQLite runs it (a bound LIMIT costs much more).
test('limit and offset placeholders are written into the SQL, other parameters stay bound', () => {
  const { database, raw } = openNodeSqlite(':memory:');
  raw.exec(
    "create table t (id integer primary key, label text); insert into t (label) values ('a?'), ('b'), ('c'), ('d')",
  );
  const rows = (query: string, params: unknown[]) => database.prepare(query).all(params) as { id: number }[];
  assert.deepEqual(
    rows('select id from t where label <> ? order by id limit ? offset ?', ['c', 2, 1]).map((r) => r.id),
    [2, 4],
  );
  // A question mark inside a quoted string or name is not a placeholder.
  assert.deepEqual(
    rows(`select id, 'limit ?' as "offset ?" from t where label = ? or id > ? order by id limit ?`, ['a?', 2, 2]).map(
      (r) => r.id,
    ),
    [1, 3],
  );
  // Several values of the same statement each give the right rows.
  for (const [limit, offset, expected] of [
    [1, 0, [1]],
    [3, 2, [3, 4]],
    [-1, 1, [2, 3, 4]],
  ] as const) {
    assert.deepEqual(
      rows('select id from t order by id limit ? offset ?', [limit, offset]).map((r) => r.id),
      expected,
    );
  }
  // A limit that is not an integer stays a bound parameter (SQLite's own rules apply).
  assert.deepEqual(
    rows('select id from t order by id limit ?', ['2']).map((r) => r.id),
    [1, 2],
  );
  database.close();
});
