import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { prefixUpperBound } from '../db/portability.ts';
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

/**
 * Communes whose name has, for every query word, a word starting with it (alternatives allowed).
 * Ranked: a name equal to one of `phrases` first, then a name starting with one, then by population.
 */
export async function findCommunesByWords(
  db: Db,
  words: string[][],
  phrases: string[],
  limit: number,
): Promise<CommuneHit[]> {
  let query = hitQuery(db);
  for (const alternatives of words) {
    query = query.where((eb: CommuneEb) =>
      eb(
        'c.insee',
        'in',
        eb
          .selectFrom('commune_words')
          .select('insee')
          .where((w) =>
            w.or(alternatives.map((word) => w.and([w('word', '>=', word), w('word', '<', prefixUpperBound(word))]))),
          ),
      ),
    );
  }
  return query
    .orderBy(
      sql`case when ${sql.join(
        phrases.map((p) => sql`c.search = ${p}`),
        sql` or `,
      )} then 0 when ${sql.join(
        phrases.map((p) => sql`c.search like ${`${p}%`}`),
        sql` or `,
      )} then 1 else 2 end`,
    )
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .orderBy('c.name')
    .limit(limit)
    .execute();
}

/** Communes by exact INSEE code or postcode, or by a prefix of either (digits typed so far). */
export async function findCommunesByCode(db: Db, code: string, limit: number): Promise<CommuneHit[]> {
  const upper = prefixUpperBound(code);
  const exact = code.length === 5;
  return hitQuery(db)
    .where((eb) =>
      eb.or([
        exact ? eb('c.insee', '=', code) : eb.and([eb('c.insee', '>=', code), eb('c.insee', '<', upper)]),
        eb(
          'c.insee',
          'in',
          eb
            .selectFrom('postcodes')
            .select('insee')
            .where((p) =>
              exact ? p('postcode', '=', code) : p.and([p('postcode', '>=', code), p('postcode', '<', upper)]),
            ),
        ),
      ]),
    )
    .orderBy(sql`case when c.insee = ${code} then 1 else 0 end`)
    .orderBy(sql`coalesce(c.population, 0)`, 'desc')
    .limit(limit)
    .execute();
}

export async function getCommuneRow(db: Db, insee: string) {
  return db
    .selectFrom('communes as c')
    .innerJoin('departements as d', 'd.code', 'c.departement_code')
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .select([
      'c.insee',
      'c.name',
      'c.kind',
      'c.parent_insee',
      'c.population',
      'c.departement_code',
      'd.name as departement_name',
      'c.region_code',
      'r.name as region_name',
    ])
    .where('c.insee', '=', insee)
    .executeTakeFirst();
}

export async function getPostcodes(db: Db, insee: string): Promise<string[]> {
  const rows = await db
    .selectFrom('postcodes')
    .select('postcode')
    .where('insee', '=', insee)
    .orderBy('postcode')
    .execute();
  return rows.map((r) => r.postcode);
}

export async function getIntercommunalitiesOf(db: Db, insee: string) {
  return db
    .selectFrom('intercommunality_members as m')
    .innerJoin('intercommunalities as i', 'i.code', 'm.intercommunality_code')
    .select(['i.code', 'i.name', 'i.kind', 'i.population'])
    .where('m.insee', '=', insee)
    .orderBy('i.kind')
    .execute();
}

export async function getArrondissementsOf(db: Db, insee: string) {
  return db
    .selectFrom('communes')
    .select(['insee', 'name', 'population'])
    .where('parent_insee', '=', insee)
    .orderBy('insee')
    .execute();
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
