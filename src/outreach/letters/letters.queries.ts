import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { ballotInZone, type ZoneScope } from '../zone.ts';

export type TemplateRow = Database['letter_templates'];

export async function listTemplateRows(db: Db): Promise<TemplateRow[]> {
  return db.selectFrom('letter_templates').selectAll().orderBy('election_kind').orderBy('name').execute();
}

export async function getTemplateRow(db: Db, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('letter_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTemplateRow(db: Db, row: TemplateRow): Promise<void> {
  await db.insertInto('letter_templates').values(row).execute();
}

/** Inserts the row unless its id exists (seeds never overwrite an edited template). */
export async function insertTemplateIfMissing(db: Db, row: TemplateRow): Promise<void> {
  await db
    .insertInto('letter_templates')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Updates a template if it is still at `version`; returns false when someone saved it meanwhile. */
export async function updateTemplateRow(
  db: Db,
  id: string,
  version: number,
  values: Pick<TemplateRow, 'name' | 'election_kind' | 'subject' | 'body' | 'updated_at' | 'updated_by'>,
): Promise<boolean> {
  const result = await db
    .updateTable('letter_templates')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteTemplateRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('letter_templates').where('id', '=', id).where('builtin', '=', 0).execute();
}

/** Ballots of an election in a zone: a commune (with its sectors), an EPCI or a département. */
export async function ballotIdsOfZone(
  db: Db,
  electionId: string,
  zone: { kind: 'commune' | 'epci' | 'departement'; code: string },
  scope: ZoneScope = { all: true },
): Promise<string[]> {
  let query = db
    .selectFrom('ballots as b')
    .select('b.id')
    .where('b.election_id', '=', electionId)
    .where(ballotInZone(scope, 'b'));
  const commune = sql<string>`substr(b.territory_code, 1, 5)`;
  if (zone.kind === 'commune') {
    query = query.where((eb) =>
      eb.and([eb('b.territory_kind', 'in', ['commune', 'secteur']), eb(commune, '=', zone.code)]),
    );
  } else if (zone.kind === 'epci') {
    query = query.where((eb) =>
      eb.and([
        eb('b.territory_kind', 'in', ['commune', 'secteur']),
        eb(
          commune,
          'in',
          eb.selectFrom('intercommunality_members').select('insee').where('intercommunality_code', '=', zone.code),
        ),
      ]),
    );
  } else {
    query = query.where((eb) =>
      eb.or([
        eb.and([
          eb('b.territory_kind', 'in', ['commune', 'secteur']),
          eb(commune, 'in', eb.selectFrom('communes').select('insee').where('departement_code', '=', zone.code)),
        ]),
        eb.and([eb('b.territory_kind', '=', 'circonscription'), eb('b.territory_code', 'like', `${zone.code}-%`)]),
      ]),
    );
  }
  const rows = await query.orderBy('b.id').execute();
  return rows.map((r) => r.id);
}

/** A list (with its head) or a candidacy without a list, with its ballot and election. */
export interface RecipientRow {
  ballot_id: string;
  ballot_name: string;
  territory_kind: string;
  territory_code: string;
  election_id: string;
  election_kind: string;
  election_name: string;
  list_id: string | null;
  list_name: string | null;
  nuance_label: string | null;
  candidacy_id: string | null;
  sex: string | null;
  first_name: string | null;
  last_name: string | null;
}

const recipientColumns = [
  'b.id as ballot_id',
  'b.name as ballot_name',
  'b.territory_kind',
  'b.territory_code',
  'e.id as election_id',
  'e.kind as election_kind',
  'e.name as election_name',
] as const;

/** Lists with their head (tête de liste), in ballot and panel order. */
export async function listRecipientRows(
  db: Db,
  filter: { ballotIds?: string[]; listIds?: string[] },
): Promise<RecipientRow[]> {
  let query = db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .innerJoin('elections as e', 'e.id', 'b.election_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
    )
    .leftJoin('candidacies as c', (join) => join.onRef('c.list_id', '=', 'l.id').on('c.head', '=', 1))
    .select([
      ...recipientColumns,
      'l.id as list_id',
      'l.name as list_name',
      'n.label as nuance_label',
      'c.id as candidacy_id',
      'c.sex',
      'c.first_name',
      'c.last_name',
    ]);
  if (filter.ballotIds) query = query.where('l.ballot_id', 'in', filter.ballotIds);
  if (filter.listIds) query = query.where('l.id', 'in', filter.listIds);
  return query.orderBy('l.ballot_id').orderBy('l.panel').execute();
}

/** Candidacies without a list (législatives), in ballot and panel order. */
export async function individualRecipientRows(
  db: Db,
  filter: { ballotIds?: string[]; candidacyIds?: string[] },
): Promise<RecipientRow[]> {
  let query = db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .innerJoin('elections as e', 'e.id', 'b.election_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'c.nuance_code'),
    )
    .select([
      ...recipientColumns,
      sql<string | null>`null`.as('list_id'),
      sql<string | null>`null`.as('list_name'),
      'n.label as nuance_label',
      'c.id as candidacy_id',
      'c.sex',
      'c.first_name',
      'c.last_name',
    ])
    .where('c.list_id', 'is', null);
  if (filter.ballotIds) query = query.where('c.ballot_id', 'in', filter.ballotIds);
  if (filter.candidacyIds) query = query.where('c.id', 'in', filter.candidacyIds);
  return query.orderBy('c.ballot_id').orderBy('c.panel').execute();
}

export async function election(db: Db, id: string) {
  return db.selectFrom('elections').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function roundDates(db: Db, electionIds: string[]) {
  if (electionIds.length === 0) return [];
  return db
    .selectFrom('election_rounds')
    .select(['election_id', 'number', 'date'])
    .where('election_id', 'in', electionIds)
    .execute();
}

/** Commune names, départements and the first postcode of each commune. */
export async function communePlaces(db: Db, insees: string[]) {
  if (insees.length === 0) return [];
  return db
    .selectFrom('communes as c')
    .innerJoin('departements as d', 'd.code', 'c.departement_code')
    .select([
      'c.insee',
      'c.name',
      'd.name as departement_name',
      (eb) =>
        eb
          .selectFrom('postcodes as p')
          .select((e) => e.fn.min('p.postcode').as('postcode'))
          .whereRef('p.insee', '=', 'c.insee')
          .as('postcode'),
    ])
    .where('c.insee', 'in', insees)
    .execute();
}

export async function departementNames(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('departements').select(['code', 'name']).where('code', 'in', codes).execute();
}

export async function insertSend(db: Db, row: Database['letter_sends']): Promise<void> {
  await db.insertInto('letter_sends').values(row).execute();
}

export async function sendsOf(db: Db, filter: { listId?: string; candidacyId?: string }) {
  let query = db.selectFrom('letter_sends').selectAll();
  if (filter.listId) query = query.where('list_id', '=', filter.listId);
  if (filter.candidacyId) query = query.where('candidacy_id', '=', filter.candidacyId);
  return query.orderBy('sent_at', 'desc').execute();
}
