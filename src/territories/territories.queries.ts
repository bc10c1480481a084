import { type ExpressionBuilder, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { fromJson, jsonArrayFrom, jsonObjectFrom, prefixUpperBound, toCount } from '../db/portability.ts';
import { reusableQuery, runPrepared } from '../db/reusable-query.ts';
import type { Database } from '../db/schema.ts';

export interface CommuneHit {
  insee: string;
  name: string;
  kind: string;
  departement_code: string;
  departement_name: string;
  population: number | null;
}

function hitQuery(db: Db) {
  return db
    .selectFrom('communes as c')
    .innerJoin('departements as d', 'd.code', 'c.departement_code')
    .select(['c.insee', 'c.name', 'c.kind', 'c.departement_code', 'd.name as departement_name', 'c.population']);
}

type CommuneEb = ExpressionBuilder<Database & { c: Database['communes'] }, 'c'>;
type WordEb = ExpressionBuilder<Database, 'commune_words'>;

/** Below this many communes, a search starts from the communes of its rarest word. */
const RARE_WORD = 1_000;
/** Word frequencies are counted up to this (index range reads, ~0.07 µs each on SQLite). */
const FREQUENCY_CAP = 4_000;
/** How many communes a search on common words reads in rank order at most. */
const RANK_SCAN_MAX = 3_000;
/** About how many communes and municipal arrondissements there are (only to estimate densities). */
const COMMUNES_ESTIMATE = 35_000;

/** A name word starting with one of the alternatives (an index range scan per alternative). */
function wordStartsWith(w: WordEb, alternatives: string[]) {
  return w.or(alternatives.map((word) => w.and([w('word', '>=', word), w('word', '<', prefixUpperBound(word))])));
}

/** The commune has a name word starting with one of the alternatives (one index probe). */
function hasWord(eb: CommuneEb, alternatives: string[]) {
  return eb.exists(
    eb
      .selectFrom('commune_words as w')
      .select('w.insee')
      .whereRef('w.insee', '=', 'c.insee')
      .where((w) =>
        w.or(alternatives.map((word) => w.and([w('w.word', '>=', word), w('w.word', '<', prefixUpperBound(word))]))),
      ),
  );
}

/**
 * The details of ranked communes: the ranking reads communes (and their indexes) only, the
 * département is joined for the few kept. Same order as the ranking, with `exactFirst` names first.
 * A named prepared statement on PostgreSQL (parsed once per connection; PostgreSQL plans it with
 * the values unless its generic plan is estimated no dearer) unless `prepare` is false: planned
 * with the values every time, for the word matches whose generic plan can be poor (decision 0004).
 */
async function withDetails(
  db: Db,
  ranked: SelectQueryBuilder<any, any, { insee: string }>,
  exactFirst: string[] = [],
  prepare = true,
): Promise<CommuneHit[]> {
  let query = db
    .selectFrom(ranked.as('r'))
    .innerJoin('communes as c', 'c.insee', 'r.insee')
    .innerJoin('departements as d', 'd.code', 'c.departement_code')
    .select(['c.insee', 'c.name', 'c.kind', 'c.departement_code', 'd.name as departement_name', 'c.population']);
  if (exactFirst.length > 0)
    query = query.orderBy(sql`case when c.search in (${sql.join(exactFirst)}) then 0 else 1 end`);
  return runPrepared(db, query.orderBy(sql`coalesce(c.population, 0)`, 'desc').orderBy('c.name').compile(), {
    alone: true,
    prepare,
  });
}

/** Names starting with one of the phrases: equal names first, then by population, then by name. */
function communesStartingWith(db: Db, phrases: string[], limit: number) {
  return db
    .selectFrom('communes as c')
    .select('c.insee')
    .where((eb) =>
      eb.or(phrases.map((p) => eb.and([eb('c.search', '>=', p), eb('c.search', '<', prefixUpperBound(p))]))),
    )
    .orderBy(sql`case when c.search in (${sql.join(phrases)}) then 0 else 1 end`)
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(sql.lit(limit));
}

/** How many name words start with each query word, counted up to FREQUENCY_CAP (index ranges only). */
async function wordFrequencies(db: Db, words: string[][]): Promise<number[]> {
  const query = db.selectNoFrom((eb) =>
    words.map((alternatives, i) =>
      eb
        .selectFrom(
          eb
            .selectFrom('commune_words')
            .select('insee')
            .where((w) => wordStartsWith(w, alternatives))
            .limit(sql.lit(FREQUENCY_CAP))
            .as('m'),
        )
        .select((m) => m.fn.countAll().as('n'))
        .as(`n${i}`),
    ),
  );
  const [row] = await runPrepared(db, query.compile(), { alone: true });
  return words.map((_, i) => toCount((row as Record<string, unknown>)[`n${i}`]));
}

/** Matches found from the communes of the rarest word, each checked for the other words. */
function matchesByRarestWord(db: Db, rarest: string[], others: string[][], limit: number) {
  return db
    .selectFrom('communes as c')
    .select('c.insee')
    .where('c.insee', 'in', (eb) =>
      eb
        .selectFrom('commune_words')
        .select('insee')
        .where((w) => wordStartsWith(w, rarest)),
    )
    .where((eb: CommuneEb) => eb.and(others.map((alternatives) => hasWord(eb, alternatives))))
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(sql.lit(limit));
}

/**
 * Matches found by reading communes in rank order (index communes_rank) and stopping at the
 * `limit`-th: fast when every word is common. May find fewer than `limit`: it reads the
 * RANK_SCAN_MAX first communes at most.
 */
function matchesByRank(db: Db, words: string[][], limit: number) {
  return db
    .selectFrom('communes as c')
    .select('c.insee')
    .where(
      sql<boolean>`coalesce(c.population, 0) >= coalesce((select coalesce(population, 0) from communes order by coalesce(population, 0) desc, name limit 1 offset ${sql.lit(RANK_SCAN_MAX)}), 0)`,
    )
    .where((eb: CommuneEb) => eb.and(words.map((alternatives) => hasWord(eb, alternatives))))
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(sql.lit(limit));
}

/**
 * Matches found from the communes of every word, for common words seldom together. SQLite:
 * `INTERSECT` of index ranges (it has no statistics to plan anything better). PostgreSQL: a join
 * of the words' ranges on the commune, which its planner, with statistics, turns into index
 * probes from the rarer word or from the communes in rank order: 3 to 5 times faster than the
 * `INTERSECT`, which hashed every row of both ranges and then read all 35,000 communes to rank.
 */
function matchesOfAllWords(db: Db, words: string[][], limit: number) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db
    .selectFrom('communes as c')
    .select('c.insee')
    .where('c.insee', 'in', (eb) => {
      if (postgres) {
        const alias = (i: number) => `w${i}` as 'commune_words';
        const ranges = (i: number, alternatives: string[]) => (w: ExpressionBuilder<any, any>) =>
          w.or(
            alternatives.map((word) =>
              w.and([w(`${alias(i)}.word`, '>=', word), w(`${alias(i)}.word`, '<', prefixUpperBound(word))]),
            ),
          );
        let joined: SelectQueryBuilder<any, any, { insee: string }> = eb
          .selectFrom(`commune_words as ${alias(0)}`)
          .select(`${alias(0)}.insee`)
          .where(ranges(0, words[0] ?? []));
        for (let i = 1; i < words.length; i++)
          joined = joined
            .innerJoin(`commune_words as ${alias(i)}`, `${alias(i)}.insee`, `${alias(0)}.insee`)
            .where(ranges(i, words[i] ?? []));
        return joined;
      }
      const [first, ...others] = words.map((alternatives) =>
        eb
          .selectFrom('commune_words')
          .select('insee')
          .where((w) => wordStartsWith(w, alternatives)),
      );
      return others.reduce((query, other) => query.intersect(other), first!);
    })
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(sql.lit(limit));
}

/**
 * Communes whose name has, for every query word, a word starting with it (alternatives allowed).
 * Ranked: a name equal to one of `phrases` first, then a name starting with one, then by population.
 *
 * Planned here rather than left to the database, so that both engines stay fast on common words
 * ("sa", "saint s", "le"): names starting with the phrase come from one index range; the other
 * matches come from the communes of the rarest word when it is rare enough, else from the communes
 * read in rank order until enough match (when the words are expected to go together often), else
 * from the intersection of every word's communes.
 * See docs/decisions/0004-commune-search.md.
 */
export async function findCommunesByWords(
  db: Db,
  words: string[][],
  phrases: string[],
  limit: number,
): Promise<CommuneHit[]> {
  const leading = await withDetails(db, communesStartingWith(db, phrases, limit), phrases);
  if (leading.length >= limit) return leading;
  const frequencies = await wordFrequencies(db, words);
  const rarest = frequencies.indexOf(Math.min(...frequencies));
  let rest: CommuneHit[] | undefined;
  if ((frequencies[rarest] ?? 0) < RARE_WORD) {
    const others = words.filter((_, i) => i !== rarest);
    rest = await withDetails(db, matchesByRarestWord(db, words[rarest] ?? [], others, limit), [], false);
  } else {
    // Every word is common: reading communes in rank order finds enough matches quickly when
    // the words often go together (independence estimate, with a margin); else intersect.
    const expected = frequencies.reduce((n, f) => (n * f) / COMMUNES_ESTIMATE, RANK_SCAN_MAX);
    if (words.length === 1 || expected >= 1.5 * limit) rest = await withDetails(db, matchesByRank(db, words, limit));
    if (!rest || rest.length < limit) rest = await withDetails(db, matchesOfAllWords(db, words, limit), [], false);
  }
  const seen = new Set(leading.map((hit) => hit.insee));
  return [...leading, ...rest.filter((hit) => !seen.has(hit.insee))].slice(0, limit);
}

/** Communes by exact INSEE code or postcode, or by a prefix of either (digits typed so far). */
export async function findCommunesByCode(db: Db, code: string, limit: number): Promise<CommuneHit[]> {
  const upper = prefixUpperBound(code);
  const exact = code.length === 5;
  const query = hitQuery(db)
    .where('c.insee', 'in', (eb) =>
      eb
        .selectFrom('communes')
        .select('insee')
        .where((i) => (exact ? i('insee', '=', code) : i.and([i('insee', '>=', code), i('insee', '<', upper)])))
        .union(
          eb
            .selectFrom('postcodes')
            .select('insee')
            .where((p) =>
              exact ? p('postcode', '=', code) : p.and([p('postcode', '>=', code), p('postcode', '<', upper)]),
            ),
        ),
    )
    .orderBy(sql`case when c.insee = ${code} then 1 else 0 end`)
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(sql.lit(limit));
  return runPrepared(db, query.compile(), { alone: true });
}

/**
 * A commune with its postcodes, intercommunalities (those of its commune for a municipal
 * arrondissement), municipal arrondissements and parent commune, in one query (JSON columns, see
 * db/portability.ts) compiled once (db/reusable-query.ts): the commune page's main query.
 */
const communeWithDetails = reusableQuery((db: Db, insee: string) =>
  db
    .selectFrom('communes as c')
    .innerJoin('departements as d', 'd.code', 'c.departement_code')
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .select((eb) => [
      'c.insee',
      'c.name',
      'c.kind',
      'c.parent_insee',
      'c.population',
      'c.departement_code',
      'd.name as departement_name',
      'c.region_code',
      'r.name as region_name',
      jsonArrayFrom(db, eb.selectFrom('postcodes as p').select('p.postcode').whereRef('p.insee', '=', 'c.insee')).as(
        'postcodes',
      ),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('intercommunality_members as m')
          .innerJoin('intercommunalities as i', 'i.code', 'm.intercommunality_code')
          .select(['i.code', 'i.name', 'i.kind', 'i.population'])
          .where('m.insee', '=', eb.fn.coalesce('c.parent_insee', 'c.insee')),
      ).as('intercommunalities'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('communes as a')
          .select(['a.insee', 'a.name', 'a.population'])
          .whereRef('a.parent_insee', '=', 'c.insee'),
      ).as('arrondissements'),
      jsonObjectFrom(
        db,
        eb.selectFrom('communes as pc').select(['pc.insee', 'pc.name']).whereRef('pc.insee', '=', 'c.parent_insee'),
      ).as('parent'),
    ])
    .where('c.insee', '=', insee),
);

/** Postcodes, intercommunalities (by kind, then code) and arrondissements in order: sorted here, cheaper than in SQL. */
export async function getCommuneWithDetails(db: Db, insee: string) {
  const [row] = await communeWithDetails(db, insee);
  if (!row) return undefined;
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...row,
    postcodes: fromJson(row.postcodes)
      .map((p) => p.postcode)
      .sort(byText),
    intercommunalities: fromJson(row.intercommunalities).sort(
      (a, b) => byText(a.kind, b.kind) || byText(a.code, b.code),
    ),
    arrondissements: fromJson(row.arrondissements).sort((a, b) => byText(a.insee, b.insee)),
    parent: fromJson(row.parent) ?? undefined,
  };
}

export async function getDepartementRow(db: Db, code: string) {
  return db
    .selectFrom('departements as d')
    .leftJoin('regions as r', 'r.code', 'd.region_code')
    .select(['d.code', 'd.name', 'd.region_code', 'r.name as region_name'])
    .where('d.code', '=', code)
    .executeTakeFirst();
}

export async function listCommunesOfDepartement(db: Db, code: string) {
  return db
    .selectFrom('communes')
    .select(['insee', 'name', 'population'])
    .where('departement_code', '=', code)
    .where('kind', '=', 'commune')
    .orderBy('search')
    .execute();
}

export async function listIntercommunalitiesOfDepartement(db: Db, code: string) {
  return db
    .selectFrom('intercommunalities as i')
    .select(['i.code', 'i.name', 'i.kind', 'i.population'])
    .where('i.code', 'in', (eb) =>
      eb
        .selectFrom('intercommunality_members as m')
        .innerJoin('communes as c', 'c.insee', 'm.insee')
        .select('m.intercommunality_code')
        .where('c.departement_code', '=', code),
    )
    .orderBy('i.name')
    .execute();
}

export async function listDepartements(db: Db) {
  return db.selectFrom('departements').select(['code', 'name']).orderBy('code').execute();
}
