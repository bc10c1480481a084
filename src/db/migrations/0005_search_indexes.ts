import { type Kysely, sql } from 'kysely';

/**
 * Indexes for commune search (see docs/decisions/0004-commune-search.md and bench/search.bench.ts):
 * - communes_rank: communes in ranking order (population, then name), so a search on common words
 *   reads communes from the most populated and stops at the 20th match;
 * - commune_words_insee: "does this commune have a word starting with …" in one index probe;
 * - communes_search_rank: names starting with the typed phrase, ranked from the index alone
 *   (replaces communes_search).
 */
export function migration0005SearchIndexes() {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create index communes_rank on communes (coalesce(population, 0) desc, name, insee)`.execute(db);
      await db.schema.createIndex('commune_words_insee').on('commune_words').columns(['insee', 'word']).execute();
      await db.schema
        .createIndex('communes_search_rank')
        .on('communes')
        .columns(['search', 'population', 'name', 'insee'])
        .execute();
      await db.schema.dropIndex('communes_search').execute();
    },
  };
}
