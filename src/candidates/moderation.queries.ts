import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';

export function getListForModeration(db: Db, id: string) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .select([
      'l.id',
      'l.name',
      'l.short_name',
      'l.website',
      'l.locked',
      'l.edited_fields',
      'l.panel',
      'b.id as ballot_id',
      'b.name as ballot_name',
      'b.election_id',
    ])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export function listsOfCommuneBallots(db: Db, insee: string) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .select(['l.id', 'l.name', 'l.short_name', 'l.locked', 'l.panel', 'b.name as ballot_name', 'b.election_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('b.territory_kind', '=', 'commune'), eb('b.territory_code', '=', insee)]),
        eb.and([eb('b.territory_kind', '=', 'secteur'), eb('b.territory_code', 'like', `${insee}%`)]),
      ]),
    )
    .orderBy('b.election_id', 'desc')
    .orderBy('b.id')
    .orderBy('l.panel')
    .execute();
}

export async function insertAudit(
  db: Db,
  entry: { actor: string; action: string; entityType: string; entityId: string; before: unknown; after: unknown },
) {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      import_id: null,
    })
    .execute();
}

/** Normalised names borne by more than one (unmerged) person. */
export async function duplicatedNames(db: Db, limit: number) {
  const rows = await db
    .selectFrom('people')
    .select('search')
    .where('merged_into', 'is', null)
    .groupBy('search')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('search')
    .limit(limit)
    .execute();
  return rows.map((r) => r.search);
}

export async function peopleWithCandidacies(db: Db, searches: string[]) {
  if (searches.length === 0) return [];
  return db
    .selectFrom('people as p')
    .leftJoin('candidacies as c', 'c.person_id', 'p.id')
    .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .select([
      'p.id',
      'p.search',
      'p.first_name',
      'p.last_name',
      'p.birth_date',
      'c.id as candidacy_id',
      'b.election_id',
      'b.name as ballot_name',
      'l.name as list_name',
    ])
    .where('p.search', 'in', searches)
    .where('p.merged_into', 'is', null)
    .orderBy('p.search')
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export function getPersonRow(db: Db, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}
