import { type ExpressionBuilder, SqliteAdapter, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { prefixUpperBound } from '../db/portability.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import type { Database } from '../db/schema.ts';

/**
 * The territory kinds written into the SQL, not bound: PostgreSQL then estimates the commune
 * page's prepared statements (db/reusable-query.ts) as well without the values as with them, and
 * reuses one generic plan instead of planning each page (~0.2–0.3 ms per statement).
 */
const COMMUNE = sql.lit('commune');
const SECTEUR = sql.lit('secteur');

/** Ballot `b` is the commune's, or one of its sectors' (Paris, Lyon, Marseille: codes that start with it). */
function ballotOfCommune(
  eb: ExpressionBuilder<Database & { b: Database['ballots'] }, 'b'>,
  insee: string,
  sectorCodesEnd: string,
) {
  return eb.or([
    eb.and([eb('b.territory_kind', '=', COMMUNE), eb('b.territory_code', '=', insee)]),
    eb.and([
      eb('b.territory_kind', '=', SECTEUR),
      eb('b.territory_code', '>=', insee),
      eb('b.territory_code', '<', sectorCodesEnd),
    ]),
  ]);
}

/** On every commune page: compiled once (db/reusable-query.ts); sector codes by prefix range, not LIKE. */
const communeBallots = reusableQuery((db: Db, insee: string, sectorCodesEnd: string) =>
  db
    .selectFrom('ballots')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('territory_kind', '=', COMMUNE), eb('territory_code', '=', insee)]),
        eb.and([
          eb('territory_kind', '=', SECTEUR),
          eb('territory_code', '>=', insee),
          eb('territory_code', '<', sectorCodesEnd),
        ]),
      ]),
    )
    .orderBy('territory_code'),
);

export async function ballotsOfCommune(db: Db, insee: string) {
  return communeBallots(db, insee, prefixUpperBound(insee));
}

/** The columns of a list the pages show, its nuance's label included (`l` lists, `n` nuances). */
const listColumns = [
  'l.id',
  'l.ballot_id',
  'l.panel',
  'l.short_name',
  'l.name',
  'l.nuance_code',
  'n.label as nuance_label',
  'l.website',
  'l.locked',
] as const;

/**
 * The ballots of a commune and its sectors with their lists (one row per list; a ballot without
 * lists gives one row with null list columns), unordered (sorted by the service). With `communeCandidacies`,
 * the commune page's candidate data in two queries compiled once (db/reusable-query.ts).
 */
const communeBallotLists = reusableQuery((db: Db, insee: string, sectorCodesEnd: string) =>
  db
    .selectFrom('ballots as b')
    .leftJoin('lists as l', 'l.ballot_id', 'b.id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
    )
    .select([
      'b.id as b_id',
      'b.election_id as b_election_id',
      'b.name as b_name',
      'b.territory_kind as b_territory_kind',
      'b.territory_code as b_territory_code',
      ...listColumns,
      'l.import_id',
    ])
    .where((eb) => ballotOfCommune(eb, insee, sectorCodesEnd)),
);

export function ballotListsOfCommune(db: Db, insee: string) {
  return communeBallotLists(db, insee, prefixUpperBound(insee));
}

/** The columns of the commune page's candidacies (`c` candidacies, `b` their ballots). */
const communeCandidacyColumns = [
  'c.id',
  'c.ballot_id',
  'b.election_id',
  'c.list_id',
  'c.person_id',
  'c.position',
  'c.panel',
  'c.head',
  'c.nuance_code',
  'c.last_name',
  'c.first_name',
  'c.outgoing',
  'c.communautaire',
  'c.substitute_last_name',
  'c.substitute_first_name',
  'c.import_id',
] as const;

/**
 * Every candidacy (list members and individual candidates) of a commune's ballots, with the columns
 * the public pages show, unordered: ordering 26 rows in JavaScript costs less than SQLite's temporary
 * b-tree, and fewer columns make every row cheaper (Paris: 2,475 rows). On PostgreSQL, its own
 * statement, not in the page's batch (decision 0029): Paris's rows cost PostgreSQL 1–2 ms as rows,
 * 13–15 ms as JSON.
 */
const communeCandidacies = reusableQuery(
  (db: Db, insee: string, sectorCodesEnd: string) =>
    db.getExecutor().adapter instanceof SqliteAdapter
      ? // A candidacy's id is its ballot's id, a dot, then panel and position (import/candidate-writer.ts,
        // the only writer; outreach fixtures alike): a ballot's candidacies are one range of the
        // WITHOUT ROWID table, read in order instead of one primary-key search per row through the
        // `candidacies_ballot` index (87 → 65 µs per commune, decision 0028). `+` keeps SQLite off that index.
        db
          .selectFrom('ballots as b')
          .innerJoin('candidacies as c', (join) =>
            join.on(sql<boolean>`c.id > b.id || '.' and c.id < b.id || '/' and +c.ballot_id = b.id`),
          )
          .select(communeCandidacyColumns)
          .where((eb) => ballotOfCommune(eb, insee, sectorCodesEnd))
      : db
          .selectFrom('candidacies as c')
          .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
          .select(communeCandidacyColumns)
          .where((eb) => ballotOfCommune(eb, insee, sectorCodesEnd)),
  { alone: true },
);

export function candidaciesOfCommune(db: Db, insee: string) {
  return communeCandidacies(db, insee, prefixUpperBound(insee));
}

export async function ballotsOfCirconscription(db: Db, id: string) {
  return db
    .selectFrom('ballots')
    .selectAll()
    .where('territory_kind', '=', 'circonscription')
    .where('territory_code', '=', id)
    .execute();
}

export async function nationalBallotsOf(db: Db, electionId: string) {
  return db
    .selectFrom('ballots')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('territory_kind', '=', 'national')
    .execute();
}

export async function circonscriptionsOfDepartement(db: Db, departementCode: string) {
  const rows = await db
    .selectFrom('ballots')
    .select('territory_code')
    .distinct()
    .where('territory_kind', '=', 'circonscription')
    .where('territory_code', 'like', `${departementCode}-%`)
    .orderBy('territory_code')
    .execute();
  return rows.map((r) => r.territory_code);
}

export async function listsOfBallots(db: Db, ballotIds: string[]) {
  if (ballotIds.length === 0) return [];
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
    )
    .select(listColumns)
    .where('l.ballot_id', 'in', ballotIds)
    .orderBy('l.ballot_id')
    .orderBy('l.panel')
    .execute();
}

const candidacyColumns = [
  'c.id',
  'c.ballot_id',
  'c.list_id',
  'c.person_id',
  'c.position',
  'c.panel',
  'c.head',
  'c.nuance_code',
  'c.sex',
  'c.last_name',
  'c.first_name',
  'c.birth_date',
  'c.outgoing',
  'c.communautaire',
  'c.profession',
  'c.substitute_last_name',
  'c.substitute_first_name',
] as const;

export async function candidaciesOfLists(db: Db, listIds: string[]) {
  if (listIds.length === 0) return [];
  return db
    .selectFrom('candidacies as c')
    .select(candidacyColumns)
    .where('c.list_id', 'in', listIds)
    .orderBy('c.list_id')
    .orderBy('c.position')
    .execute();
}

export async function individualCandidaciesOfBallots(db: Db, ballotIds: string[]) {
  if (ballotIds.length === 0) return [];
  return db
    .selectFrom('candidacies as c')
    .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'c.nuance_code'),
    )
    .select([...candidacyColumns, 'n.label as nuance_label'])
    .where('c.ballot_id', 'in', ballotIds)
    .where('c.list_id', 'is', null)
    .orderBy('c.ballot_id')
    .orderBy('c.panel')
    .execute();
}

export async function getListRow(db: Db, id: string) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .innerJoin('elections as e', 'e.id', 'b.election_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
    )
    .select([
      ...listColumns,
      'b.name as ballot_name',
      'b.territory_kind',
      'b.territory_code',
      'e.id as election_id',
      'e.name as election_name',
    ])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export async function getPersonRow(db: Db, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function candidaciesOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .innerJoin('elections as e', 'e.id', 'b.election_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .select([
      'c.id',
      'c.position',
      'c.panel',
      'c.head',
      'c.last_name',
      'c.first_name',
      'b.id as ballot_id',
      'b.name as ballot_name',
      'b.territory_kind',
      'b.territory_code',
      'e.id as election_id',
      'e.name as election_name',
      'e.year',
      'l.id as list_id',
      'l.name as list_name',
    ])
    .where('c.person_id', '=', personId)
    .orderBy('e.year', 'desc')
    .execute();
}

export async function electionCounts(db: Db, electionId: string) {
  const [ballots, lists, candidacies] = await Promise.all([
    db
      .selectFrom('ballots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('lists as l')
      .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('b.election_id', '=', electionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('candidacies as c')
      .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('b.election_id', '=', electionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { ballots: Number(ballots.n), lists: Number(lists.n), candidacies: Number(candidacies.n) };
}
