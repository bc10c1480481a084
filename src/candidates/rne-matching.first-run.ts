/**
 * The first matching run of a set of mandates (no link stored yet: after the first national
 * candidate import, or an RNE file loaded into a database with candidates and no link), done by
 * the database instead of pair by pair in JavaScript. Same rules, same links
 * (rne-matching.rules.ts; docs/decisions/0031-rne-first-matching-in-sql.md):
 *
 * 1. The first names of the mandates and candidacies are normalised once each (normalizeSearch, in
 *    JavaScript) into a temporary table `match_first_names` (first name → key).
 * 2. One `insert … select` per unit and election stores every pair of the same territory and
 *    normalised last name whose first names fit (equal keys, or one compound first name starting
 *    with the other's words) and whose birth dates do not differ, with its confidence and method,
 *    as 'auto' when the confidence is ≥ 80, else 'ambiguous'. That is the final status of a pair
 *    alone both ways (the only pair of its mandate, the only one of its candidacy for that kind of
 *    mandate) — nearly all of them.
 * 3. The pairs that compete (a mandate with several, a candidacy with several of one kind) are read
 *    back — a few thousand — and decided by the same code as every other run (decidePairs): their
 *    status is corrected, and the pairs it drops are removed. Every group of competing pairs is read
 *    whole, so they are decided exactly as if every pair had been.
 *
 * Nothing is audited, as for the links a run creates. Moderator decisions cannot exist (no link).
 */
import { type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import { normalizeSearch } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';
import { ballotId } from '../elections/elections.service.ts';
import { decidePairs, type Pair, SCORES } from './rne-matching.rules.ts';

type Db = Kysely<Database>;

/** Mandates matched together: those of some communes, or of some circonscriptions. */
export interface FirstRunUnit {
  communes?: string[];
  circonscriptions?: string[];
}

export interface FirstRun {
  db: Db;
  communeKinds: string[];
  circonscriptionKinds: string[];
  /** Elections whose ballots are looked at, for commune mandates and for députés. */
  elections: { commune: string[]; circonscription: string[] };
  /** Sector ballot ids (Paris, Lyon, Marseille) by `{election}|{commune}`. */
  sectorBallots: Map<string, string[]>;
  at: string;
}

const FIRST_NAMES = 'match_first_names';
/** Parameters per statement: under SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` on one connection (the temporary table lives there), in the caller's transaction if any. */
export async function onOneConnection<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.connection().execute(work);
}

/**
 * Whether insertUnitPairs counts the groups of competing pairs (window functions): on PostgreSQL,
 * where counting them afterwards over the whole links table spilled to disk (hash aggregates of
 * 500,000 keys); not on SQLite, whose window functions cost twice the queries that look for them.
 */
export function countsGroupsInSql(db: Db): boolean {
  return !(db.getExecutor().adapter instanceof SqliteAdapter);
}

/** The first-name keys of the mandates and candidacies: a temporary table, dropped by the returned function. */
export async function createFirstNameKeys(db: Db, kinds: string[]): Promise<() => Promise<void>> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    // A temporary file (the OS page cache), not memory; refused once the transaction has used
    // temporary storage, then the table stays in memory (a few MB at most).
    await sql`pragma temp_store = file`.execute(db).catch(() => {});
  }
  await sql`drop table if exists ${sql.table(FIRST_NAMES)}`.execute(db);
  await sql`create temp table ${sql.table(FIRST_NAMES)} (first_name text primary key, k text not null)${sqlite ? sql` without rowid` : sql``}`.execute(
    db,
  );
  const names = new Set<string>();
  const fromMandates = await db
    .selectFrom('mandates')
    .select('first_name')
    .distinct()
    .where('current', '=', 1)
    .where('mandate', 'in', kinds)
    .execute();
  for (const r of fromMandates) names.add(r.first_name);
  for (const r of await db.selectFrom('candidacies').select('first_name').distinct().execute()) names.add(r.first_name);
  for (const group of chunks([...names], ROWS_PER_INSERT)) {
    const values = group.map((name) => sql`(${name}, ${normalizeSearch(name)})`);
    await sql`insert into ${sql.table(FIRST_NAMES)} (first_name, k) values ${sql.join(values)}`.execute(db);
  }
  return async () => {
    await sql`drop table if exists ${sql.table(FIRST_NAMES)}`.execute(db);
  };
}

const both = sql`m.birth_date is not null and c.birth_date is not null`;
/** The confidence of a pair (rne-matching.rules.ts: scoreNormalized), null when the first names do not fit. */
const confidence = sql<number | null>`case
  when m.first_name = c.first_name then case when ${both} then ${sql.lit(SCORES.exactWithBirth.confidence)} else ${sql.lit(SCORES.exact.confidence)} end
  else (
    select case
      when mk.k = ck.k then case when ${both} then ${sql.lit(SCORES.exactWithBirth.confidence)} else ${sql.lit(SCORES.exact.confidence)} end
      when mk.k <> '' and ck.k <> ''
        and (substr(mk.k, 1, length(ck.k) + 1) = ck.k || ' ' or substr(ck.k, 1, length(mk.k) + 1) = mk.k || ' ')
        then case when ${both} then ${sql.lit(SCORES.partialWithBirth.confidence)} else ${sql.lit(SCORES.partial.confidence)} end
    end
    from ${sql.table(FIRST_NAMES)} mk, ${sql.table(FIRST_NAMES)} ck
    where mk.first_name = m.first_name and ck.first_name = c.first_name
  )
end`;
const scores = Object.values(SCORES);
const method = sql<string>`case p.confidence ${sql.join(
  scores.map((s) => sql`when ${sql.lit(s.confidence)} then ${sql.lit(s.method)}`),
  sql` `,
)} end`;

/**
 * Stores the pairs of a unit (step 2): 'auto' when alone both ways with a confidence ≥ 80, else
 * 'ambiguous'. Each statement holds whole groups of competing pairs: one election, and every ballot
 * of the unit's territories (a commune's and its sectors'). Returns the number of links inserted.
 */
export async function insertUnitPairs(run: FirstRun, unit: FirstRunUnit, countGroups: boolean): Promise<number> {
  const { db } = run;
  const alone = countGroups
    ? sql`and count(*) over (partition by p.mandate_id) = 1
          and count(*) over (partition by p.candidacy_id, p.mandate) = 1`
    : sql``;
  let inserted = 0;
  const pairs = (kinds: string[], territory: RawBuilder<unknown>, ballot: RawBuilder<unknown>) => sql`
    select m.id as mandate_id, m.mandate, c.id as candidacy_id, c.person_id, ${confidence} as confidence
    from mandates m cross join candidacies c
    where m.current = 1 and m.mandate in (${sql.join(kinds)}) and ${territory}
      and c.name_key = m.name_key and ${ballot}
      and (m.birth_date is null or c.birth_date is null or m.birth_date = c.birth_date)`;
  const insert = async (sources: RawBuilder<unknown>[]) => {
    const result = await sql`
      insert into mandate_matches (mandate_id, candidacy_id, person_id, confidence, method, status, created_at)
      select p.mandate_id, p.candidacy_id, p.person_id, p.confidence, ${method},
        case when p.confidence >= 80 ${alone} then 'auto' else 'ambiguous' end,
        ${run.at}
      from (${sql.join(sources, sql` union all `)}) p
      where p.confidence is not null`.execute(db);
    inserted += Number(result.numAffectedRows ?? 0);
  };
  if (unit.communes && run.communeKinds.length) {
    const communes = sql`m.commune_code in (${sql.join(unit.communes)})`;
    for (const electionId of run.elections.commune) {
      // The ballot of a commune has a stable id (elections.service: ballotId): no join to ballots.
      const sources = [
        pairs(run.communeKinds, communes, sql`c.ballot_id = ${ballotId(electionId, '')} || m.commune_code`),
      ];
      for (const commune of unit.communes) {
        const sectors = run.sectorBallots.get(`${electionId}|${commune}`);
        if (sectors) {
          sources.push(
            pairs(run.communeKinds, sql`m.commune_code = ${commune}`, sql`c.ballot_id in (${sql.join(sectors)})`),
          );
        }
      }
      await insert(sources);
    }
  }
  if (unit.circonscriptions && run.circonscriptionKinds.length) {
    const circonscriptions = sql`m.territory_code in (${sql.join(unit.circonscriptions)})`;
    for (const electionId of run.elections.circonscription) {
      const ballot = sql`c.ballot_id = ${ballotId(electionId, '')} || m.territory_code`;
      await insert([pairs(run.circonscriptionKinds, circonscriptions, ballot)]);
    }
  }
  return inserted;
}

interface CompetingRow {
  mandate_id: string;
  candidacy_id: string;
  confidence: number;
  method: string;
  status: string;
  mandate: string;
  election_id: string;
}

const competingColumns = [
  'mm.mandate_id',
  'mm.candidacy_id',
  'mm.confidence',
  'mm.method',
  'mm.status',
  'm.mandate',
  'b.election_id',
] as const;

function competingLinks(db: Db) {
  return db
    .selectFrom('mandate_matches as mm')
    .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
    .innerJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .select(competingColumns);
}

/**
 * The pairs that compete, once every unit is stored (the links table holds only this run's). With
 * `flagged` (PostgreSQL: insertUnitPairs counted the groups) they are the 'ambiguous' links, with
 * the pairs alone under 80 (harmless: decided alone). Otherwise (SQLite, where the window counts
 * cost twice these queries) the mandates and candidacies with several links are looked for.
 */
async function competingPairs(db: Db, flagged: boolean): Promise<CompetingRow[]> {
  if (flagged) return competingLinks(db).where('mm.status', '=', 'ambiguous').execute();
  // A mandate with several pairs (in one election or not: a superset of the groups is harmless,
  // each pair's own groups are read whole); a candidacy with several pairs of one kind of mandate.
  const mandates = await db
    .selectFrom('mandate_matches')
    .select('mandate_id')
    .groupBy('mandate_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const candidacies = await db
    .selectFrom('mandate_matches as x')
    .innerJoin('mandates as xm', 'xm.id', 'x.mandate_id')
    .select('x.candidacy_id')
    .where('x.candidacy_id', 'in', (eb) =>
      eb
        .selectFrom('mandate_matches')
        .select('candidacy_id')
        .groupBy('candidacy_id')
        .having((eb) => eb.fn.countAll(), '>', 1),
    )
    .groupBy(['x.candidacy_id', 'xm.mandate'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const byKey = new Map<string, CompetingRow>();
  const read = async (column: 'mm.mandate_id' | 'mm.candidacy_id', ids: string[]) => {
    for (const group of chunks(ids, ROWS_PER_INSERT)) {
      const found = await competingLinks(db).where(column, 'in', group).execute();
      for (const r of found) byKey.set(`${r.mandate_id}\u0000${r.candidacy_id}`, r);
    }
  };
  await read(
    'mm.mandate_id',
    mandates.map((r) => r.mandate_id),
  );
  await read('mm.candidacy_id', [...new Set(candidacies.map((r) => r.candidacy_id))]);
  return [...byKey.values()];
}

/**
 * Step 3: the pairs that compete, decided by decidePairs (status corrected, pairs dropped removed).
 * Returns the number of pairs removed.
 */
export async function decideCompeting(db: Db, flagged: boolean): Promise<number> {
  const rows = await competingPairs(db, flagged);
  if (rows.length === 0) return 0;
  const pairs: Pair<CompetingRow>[] = rows.map((r) => ({
    mandateId: r.mandate_id,
    mandate: r.mandate,
    candidacyId: r.candidacy_id,
    electionId: r.election_id,
    confidence: Number(r.confidence),
    method: r.method,
    row: r,
    confirmed: false,
  }));
  const kept = new Set<CompetingRow>();
  const toStatus = new Map<string, CompetingRow[]>();
  for (const p of decidePairs(pairs)) {
    const r = p.row as CompetingRow;
    kept.add(r);
    if (p.status === r.status) continue;
    const list = toStatus.get(p.status as string) ?? [];
    list.push(r);
    toStatus.set(p.status as string, list);
  }
  const dropped = rows.filter((r) => !kept.has(r));
  type Key = { mandate_id: string; candidacy_id: string };
  // `mandate_id in` first: SQLite searches a list of row values by scanning the whole table.
  const inKeys = (keys: Key[]) =>
    sql<boolean>`mandate_id in (${sql.join([...new Set(keys.map((k) => k.mandate_id))])})
      and (mandate_id, candidacy_id) in (${sql.join(keys.map((k) => sql`(${k.mandate_id}, ${k.candidacy_id})`))})`;
  for (const [status, list] of toStatus) {
    for (const group of chunks(list, ROWS_PER_INSERT)) {
      await db.updateTable('mandate_matches').set({ status }).where(inKeys(group)).execute();
    }
  }
  for (const group of chunks(dropped, ROWS_PER_INSERT)) {
    await db.deleteFrom('mandate_matches').where(inKeys(group)).execute();
  }
  return dropped.length;
}
