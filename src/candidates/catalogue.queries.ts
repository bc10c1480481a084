import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';

// Paginated, filtered reads of ballots, lists and candidacies for the open-data API
// (src/opendata/api). Only public columns leave this file: no birth dates, nationality or
// personality codes, and nothing about accounts.

export interface Page {
  limit: number;
  offset: number;
}

export interface BallotFilter {
  election?: string;
  commune?: string;
  departement?: string;
}

type BallotEb = ExpressionBuilder<Database & { b: Database['ballots'] }, 'b'>;

/** Ballots held in a commune (or one of its Paris/Lyon/Marseille sectors). */
function inCommune(eb: BallotEb, insee: string) {
  return eb.or([
    eb.and([eb('b.territory_kind', '=', 'commune'), eb('b.territory_code', '=', insee)]),
    eb.and([eb('b.territory_kind', '=', 'secteur'), eb('b.territory_code', 'like', `${insee}%`)]),
  ]);
}

/** Ballots of a département: its communes and sectors, and its circonscriptions (`62-13`). */
function inDepartement(eb: BallotEb, code: string) {
  const communes = eb.selectFrom('communes').select('insee').where('departement_code', '=', code);
  return eb.or([
    eb.and([eb('b.territory_kind', '=', 'commune'), eb('b.territory_code', 'in', communes)]),
    eb.and([eb('b.territory_kind', '=', 'secteur'), eb(sql<string>`substr(b.territory_code, 1, 5)`, 'in', communes)]),
    eb.and([eb('b.territory_kind', '=', 'circonscription'), eb('b.territory_code', 'like', `${code}-%`)]),
  ]);
}

function ballotConditions(eb: BallotEb, filter: BallotFilter) {
  const conditions = [];
  if (filter.election) conditions.push(eb('b.election_id', '=', filter.election));
  if (filter.commune) conditions.push(inCommune(eb, filter.commune));
  if (filter.departement) conditions.push(inDepartement(eb, filter.departement));
  return eb.and(conditions);
}

const ballotColumns = ['b.id', 'b.election_id', 'b.name', 'b.territory_kind', 'b.territory_code'] as const;

export async function pageOfBallots(db: Db, filter: BallotFilter, page: Page) {
  const base = db.selectFrom('ballots as b').where((eb) => ballotConditions(eb, filter));
  const [items, count] = await Promise.all([
    base.select(ballotColumns).orderBy('b.id').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function getBallotRow(db: Db, id: string) {
  return db.selectFrom('ballots as b').select(ballotColumns).where('b.id', '=', id).executeTakeFirst();
}

export interface ListFilter extends BallotFilter {
  nuance?: string;
  ballot?: string;
}

function listsBase(db: Db) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
    );
}

const listColumns = [
  'l.id',
  'l.ballot_id',
  'b.election_id',
  'b.territory_kind',
  'b.territory_code',
  'l.panel',
  'l.short_name',
  'l.name',
  'l.nuance_code',
  'n.label as nuance_label',
  'l.website',
] as const;

export async function pageOfLists(db: Db, filter: ListFilter, page: Page) {
  const base = listsBase(db).where((eb) => {
    const conditions = [ballotConditions(eb as unknown as BallotEb, filter)];
    if (filter.ballot) conditions.push(eb('l.ballot_id', '=', filter.ballot));
    if (filter.nuance) conditions.push(eb('l.nuance_code', '=', filter.nuance));
    return eb.and(conditions);
  });
  const [items, count] = await Promise.all([
    base
      .select(listColumns)
      .orderBy('l.ballot_id')
      .orderBy('l.panel')
      .orderBy('l.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function listsOfBallot(db: Db, ballotId: string) {
  return listsBase(db)
    .select(listColumns)
    .where('l.ballot_id', '=', ballotId)
    .orderBy('l.panel')
    .orderBy('l.id')
    .execute();
}

export async function getListRow(db: Db, id: string) {
  return listsBase(db).select(listColumns).where('l.id', '=', id).executeTakeFirst();
}

export interface CandidacyFilter {
  election?: string;
  ballot?: string;
  list?: string;
  /** Candidates standing alone (législatives), not on a list. */
  individualOnly?: boolean;
}

const candidacyColumns = [
  'c.id',
  'c.ballot_id',
  'b.election_id',
  'c.list_id',
  'c.person_id',
  'c.position',
  'c.panel',
  'c.head',
  'c.nuance_code',
  'c.sex',
  'c.last_name',
  'c.first_name',
  'c.profession',
  'c.outgoing',
  'c.communautaire',
  'c.substitute_last_name',
  'c.substitute_first_name',
] as const;

type CandidacyRow = {
  head: number;
  outgoing: number | null;
  communautaire: number | null;
};

function publicCandidacy<T extends CandidacyRow>(row: T) {
  return {
    ...row,
    head: toBool(row.head),
    outgoing: row.outgoing === null ? null : toBool(row.outgoing),
    communautaire: row.communautaire === null ? null : toBool(row.communautaire),
  };
}

function candidaciesQuery(db: Db, filter: CandidacyFilter) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .where((eb) => {
      const conditions = [];
      if (filter.election) conditions.push(eb('b.election_id', '=', filter.election));
      if (filter.ballot) conditions.push(eb('c.ballot_id', '=', filter.ballot));
      if (filter.list) conditions.push(eb('c.list_id', '=', filter.list));
      if (filter.individualOnly) conditions.push(eb('c.list_id', 'is', null));
      return eb.and(conditions);
    });
}

/** Ordered by ballot, list, position on the list (or panel), the same on both databases (no NULL ordering). */
export async function pageOfCandidacies(db: Db, filter: CandidacyFilter, page: Page) {
  const base = candidaciesQuery(db, filter);
  const [rows, count] = await Promise.all([
    base
      .select(candidacyColumns)
      .orderBy('c.ballot_id')
      .orderBy(sql`coalesce(c.list_id, '')`)
      .orderBy(sql`coalesce(c.position, 0)`)
      .orderBy(sql`coalesce(c.panel, 0)`)
      .orderBy('c.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(publicCandidacy), total: Number(count.n) };
}

/** Every candidacy matching (members of one list, individual candidates of one ballot: small sets). */
export async function allCandidacies(db: Db, filter: CandidacyFilter) {
  return (await pageOfCandidacies(db, filter, { limit: 10_000, offset: 0 })).items;
}

/** A person's public identity (names only) and every candidacy, newest election first. */
export async function getPublicPerson(db: Db, id: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'last_name', 'first_name', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!person) return undefined;
  if (person.merged_into) return { redirectTo: person.merged_into } as const;
  const candidacies = await db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .innerJoin('elections as e', 'e.id', 'b.election_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .select([
      'c.id',
      'e.id as election_id',
      'e.name as election_name',
      'e.year',
      'b.id as ballot_id',
      'b.name as ballot_name',
      'b.territory_kind',
      'b.territory_code',
      'l.id as list_id',
      'l.name as list_name',
      'c.position',
      'c.panel',
      'c.head',
      'c.nuance_code',
      'c.last_name',
      'c.first_name',
    ])
    .where('c.person_id', '=', id)
    .orderBy('e.year', 'desc')
    .orderBy('e.id')
    .orderBy('c.id')
    .execute();
  return {
    person: {
      id: person.id,
      last_name: person.last_name,
      first_name: person.first_name,
      candidacies: candidacies.map((c) => ({ ...c, head: toBool(c.head) })),
    },
  } as const;
}
