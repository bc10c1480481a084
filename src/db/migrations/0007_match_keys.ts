import { type Kysely, sql } from 'kysely';
import { normalizeSearch } from '../portability.ts';

/**
 * Keys for matching mandates with candidacies in SQL (candidates/rne-matching.service.ts):
 * - `name_key` on `candidacies` and `mandates`: the last name normalised (normalizeSearch: case,
 *   accents, hyphens, spaces), written by the importers; the join is (territory, name_key);
 * - `candidacies_ballot` becomes (ballot_id, name_key): one index probe finds the candidates of a
 *   ballot with a given last name (the index still serves every lookup by ballot);
 * - fewer, narrower indexes on `mandates` (each entry of a WITHOUT ROWID table's index carries the
 *   ~50-character id, so a national file of 500,000 councillors paid for five of them on every
 *   import): `mandates_scope` (mandate, departement_code, current) serves the importer (which
 *   départements hold this kind, the holders of a département to end) and the matching (current
 *   mandates of some kinds in a département), replacing `mandates_kind` and
 *   `mandates_departement`; `mandates_territory` and `mandates_search` had no query using them.
 *   `mandates_commune` stays (commune page);
 * - `mandate_matches_status` indexed every link (half a million after a national import) for the
 *   one query that needs it, the links waiting for a moderator: it becomes a partial index of the
 *   'ambiguous' links only (`mandate_matches_ambiguous`).
 * Rows stored before are filled in here (distinct last names normalised once).
 */
export function migration0007MatchKeys() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('candidacies').addColumn('name_key', 'text').execute();
      await db.schema.alterTable('mandates').addColumn('name_key', 'text').execute();
      await fillNameKeys(db, 'candidacies');
      await fillNameKeys(db, 'mandates');
      await db.schema.dropIndex('candidacies_ballot').execute();
      await db.schema.createIndex('candidacies_ballot').on('candidacies').columns(['ballot_id', 'name_key']).execute();
      for (const name of ['mandates_kind', 'mandates_departement', 'mandates_territory', 'mandates_search']) {
        await db.schema.dropIndex(name).execute();
      }
      await db.schema.dropIndex('mandate_matches_status').execute();
      await db.schema
        .createIndex('mandate_matches_ambiguous')
        .on('mandate_matches')
        .column('status')
        .where(sql.ref('status'), '=', 'ambiguous')
        .execute();
      await db.schema
        .createIndex('mandates_scope')
        .on('mandates')
        .columns(['mandate', 'departement_code', 'current'])
        .execute();
    },
  };
}

async function fillNameKeys(db: Kysely<unknown>, table: 'candidacies' | 'mandates') {
  const names = (await sql<{ last_name: string }>`select distinct last_name from ${sql.table(table)}`.execute(db)).rows;
  if (names.length === 0) return;
  await sql`create temp table name_keys (last_name text primary key, name_key text not null)`.execute(db);
  for (let i = 0; i < names.length; i += 500) {
    const values = names.slice(i, i + 500).map((n) => sql`(${n.last_name}, ${normalizeSearch(n.last_name)})`);
    await sql`insert into name_keys (last_name, name_key) values ${sql.join(values)}`.execute(db);
  }
  await sql`update ${sql.table(table)} set name_key = (select k.name_key from name_keys k where k.last_name = ${sql.ref(`${table}.last_name`)})`.execute(
    db,
  );
  await sql`drop table name_keys`.execute(db);
}
