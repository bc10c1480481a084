import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { toCount } from '../db/portability.ts';

// Aggregate reads for the public statistics (a read model over the territories and candidate
// tables: counts only, nothing personal). Signatures and contacts are not read here: they come
// from the pledges and outreach services.

export async function departementsWithRegions(db: Db) {
  return db
    .selectFrom('departements as d')
    .leftJoin('regions as r', 'r.code', 'd.region_code')
    .select(['d.code', 'd.name', 'd.region_code', 'r.name as region_name'])
    .orderBy('d.code')
    .execute();
}

/** The département of a ballot's territory: commune or sector (INSEE code first), or circonscription (`62-13`). */
const departementOfBallot = sql<string>`case when b.territory_kind = 'circonscription'
  then substr(b.territory_code, 1, length(b.territory_code) - 3)
  else (select c.departement_code from communes c where c.insee = substr(b.territory_code, 1, 5)) end`;

/** As departementOfBallot, with the commune joined (`c`) instead of looked up once per row. */
const departementOfJoinedBallot = sql<string>`case when b.territory_kind = 'circonscription'
  then substr(b.territory_code, 1, length(b.territory_code) - 3) else c.departement_code end`;

/**
 * Lists of an election counted by département and nuance (national lists have no département).
 * Every list of the country (~55,000): the communes are joined (a hash join on PostgreSQL) rather
 * than looked up per list, which also keeps PostgreSQL's cost estimate under its JIT threshold
 * (2.1 s, 1.2 of them compiling, before; 0.18 s after, national data).
 */
export async function listTotals(db: Db, electionId: string) {
  const rows = await db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .leftJoin('communes as c', (join) =>
      join.on(sql<boolean>`b.territory_kind <> 'circonscription' and c.insee = substr(b.territory_code, 1, 5)`),
    )
    .where('b.election_id', '=', electionId)
    .where('b.territory_kind', '!=', 'national')
    .select([departementOfJoinedBallot.as('departement_code'), 'l.nuance_code', (eb) => eb.fn.countAll().as('n')])
    .groupBy([departementOfJoinedBallot, 'l.nuance_code'])
    .execute();
  return rows.map((r) => ({ departement: r.departement_code, nuance: r.nuance_code, lists: toCount(r.n) }));
}

/** Département and nuance of some lists (those contacted, answered or signed: a few thousand at most). */
export async function listFacets(db: Db, listIds: string[]) {
  const facets = new Map<string, { departement: string | null; nuance: string | null }>();
  for (let i = 0; i < listIds.length; i += 500) {
    const rows = await db
      .selectFrom('lists as l')
      .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
      .where('l.id', 'in', listIds.slice(i, i + 500))
      .select(['l.id', 'l.nuance_code', departementOfBallot.as('departement_code')])
      .execute();
    for (const r of rows) facets.set(r.id, { departement: r.departement_code, nuance: r.nuance_code });
  }
  return facets;
}

/**
 * Of some people, those holding a current mandate that began on or after `since` (the first round),
 * from the Répertoire national des élus as linked to candidacies; `known` says whether any mandate
 * that recent has been imported at all (otherwise who was elected is not known yet).
 */
export async function electedAmong(db: Db, personIds: string[], since: string) {
  const recent = await db
    .selectFrom('mandates')
    .select('id')
    .where('mandate_start', '>=', since)
    .limit(1)
    .executeTakeFirst();
  if (!recent) return { known: false, elected: new Set<string>() };
  const elected = new Set<string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('mandate_matches as mm')
      .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
      .where('mm.person_id', 'in', personIds.slice(i, i + 500))
      .where('mm.status', 'in', ['auto', 'confirmed'])
      .where('m.current', '=', 1)
      .where('m.mandate_start', '>=', since)
      .select('mm.person_id')
      .distinct()
      .execute();
    for (const r of rows) elected.add(r.person_id);
  }
  return { known: true, elected };
}

export async function nuanceLabelsOf(db: Db, electionId: string) {
  const rows = await db.selectFrom('nuances').select(['code', 'label']).where('election_id', '=', electionId).execute();
  return new Map(rows.map((r) => [r.code, r.label]));
}

/** Of some candidacies, those heading their list (tête de liste). */
export async function headCandidacies(db: Db, candidacyIds: string[]) {
  const heads = new Set<string>();
  for (let i = 0; i < candidacyIds.length; i += 500) {
    const rows = await db
      .selectFrom('candidacies')
      .select('id')
      .where('id', 'in', candidacyIds.slice(i, i + 500))
      .where('head', '=', 1)
      .execute();
    for (const r of rows) heads.add(r.id);
  }
  return heads;
}
