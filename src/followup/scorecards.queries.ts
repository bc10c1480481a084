import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import type { Database } from '../db/schema.ts';
import { ballotInZone, type ZoneScope } from '../outreach/zone.ts';

export type ScorecardRow = Selectable<Database['followup_scorecards']>;
export type ItemRow = Selectable<Database['followup_items']>;
export type SignatoryRow = Selectable<Database['followup_signatories']>;
export type UpdateRow = Selectable<Database['followup_updates']>;

export function scorecardsOfElection(db: Db, electionId: string) {
  return db.selectFrom('followup_scorecards').selectAll().where('election_id', '=', electionId).execute();
}

export function findScorecardBySlug(db: Db, slug: string) {
  return db.selectFrom('followup_scorecards').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findScorecardById(db: Db, id: string) {
  return db.selectFrom('followup_scorecards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('followup_scorecards').select('id').where('slug', '=', slug).executeTakeFirst());
}

export async function insertScorecard(db: Db, row: ScorecardRow, items: ItemRow[]) {
  await db.insertInto('followup_scorecards').values(row).execute();
  for (let i = 0; i < items.length; i += 100) {
    await db
      .insertInto('followup_items')
      .values(items.slice(i, i + 100))
      .execute();
  }
}

export async function updateScorecard(
  db: Db,
  id: string,
  values: Partial<Omit<ScorecardRow, 'id' | 'slug' | 'election_id'>>,
) {
  await db.updateTable('followup_scorecards').set(values).where('id', '=', id).execute();
}

export function signatoriesOf(db: Db, scorecardId: string) {
  return db
    .selectFrom('followup_signatories')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .orderBy('since')
    .execute();
}

export async function upsertSignatory(db: Db, row: SignatoryRow) {
  await db
    .insertInto('followup_signatories')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['scorecard_id', 'signature_id']).doUpdateSet({
        label: row.label,
        list_id: row.list_id,
        candidacy_id: row.candidacy_id,
        mandates: row.mandates,
        since: row.since,
        until: row.until,
      }),
    )
    .execute();
}

export function itemsOf(db: Db, scorecardId: string) {
  return db
    .selectFrom('followup_items')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .orderBy('commitment_number')
    .orderBy('position')
    .execute();
}

export function findItem(db: Db, scorecardId: string, itemKey: string) {
  return db
    .selectFrom('followup_items')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .where('item_key', '=', itemKey)
    .executeTakeFirst();
}

/** Optimistic: changes the item only if its version is still `version`; returns whether it did. */
export async function updateItem(
  db: Db,
  scorecardId: string,
  itemKey: string,
  version: number,
  values: Pick<
    ItemRow,
    'status' | 'evidence_url' | 'evidence_document' | 'evidence_date' | 'note' | 'updated_at' | 'updated_by'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('followup_items')
    .set({ ...values, version: version + 1 })
    .where('scorecard_id', '=', scorecardId)
    .where('item_key', '=', itemKey)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ScorecardFilters {
  election?: string;
  departement?: string;
  kind?: string;
  level?: number;
  status?: string;
}

export function listScorecardRows(db: Db, filters: ScorecardFilters, after?: string, limit = 2000) {
  let query = db.selectFrom('followup_scorecards').selectAll();
  if (filters.election) query = query.where('election_id', '=', filters.election);
  if (filters.departement) query = query.where('departement_code', '=', filters.departement);
  if (filters.kind) query = query.where('collectivity_kind', '=', filters.kind);
  if (filters.level !== undefined) query = query.where('level', '=', filters.level);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (after) query = query.where('slug', '>', after);
  return query.orderBy('slug').limit(limit).execute();
}

/** Scorecards whose ballot lies in a zone (outreach/zone.ts), for volunteers. */
export function scorecardsInZone(db: Db, scope: ZoneScope) {
  return db
    .selectFrom('followup_scorecards as s')
    .innerJoin('ballots as b', 'b.id', 's.ballot_id')
    .selectAll('s')
    .where(ballotInZone(scope, 'b'))
    .orderBy('s.collectivity_name')
    .execute();
}

export async function scorecardInZone(db: Db, scope: ZoneScope, scorecardId: string): Promise<boolean> {
  const row = await db
    .selectFrom('followup_scorecards as s')
    .innerJoin('ballots as b', 'b.id', 's.ballot_id')
    .select('s.id')
    .where('s.id', '=', scorecardId)
    .where(ballotInZone(scope, 'b'))
    .executeTakeFirst();
  return !!row;
}

/** Items of scorecards in a zone not updated since `before` (never updated included). */
export function staleItemsInZone(db: Db, scope: ZoneScope, before: string) {
  return db
    .selectFrom('followup_items as i')
    .innerJoin('followup_scorecards as s', 's.id', 'i.scorecard_id')
    .innerJoin('ballots as b', 'b.id', 's.ballot_id')
    .select(['s.id as scorecard_id', 's.slug', 's.collectivity_name', 'i.item_key', 'i.status', 'i.updated_at'])
    .where('s.status', '=', 'active')
    .where(ballotInZone(scope, 'b'))
    .where((eb) => eb.or([eb('i.updated_at', 'is', null), eb('i.updated_at', '<', before)]))
    .orderBy('s.collectivity_name')
    .orderBy('i.commitment_number')
    .orderBy('i.position')
    .execute();
}

export async function insertUpdate(db: Db, row: UpdateRow) {
  await db.insertInto('followup_updates').values(row).execute();
}

export function findUpdate(db: Db, id: string) {
  return db.selectFrom('followup_updates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setUpdateState(
  db: Db,
  id: string,
  values: Pick<UpdateRow, 'state' | 'moderated_by' | 'moderated_at' | 'reason' | 'published_at' | 'previous_status'>,
): Promise<boolean> {
  const result = await db
    .updateTable('followup_updates')
    .set(values)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function updatesOf(db: Db, scorecardId: string, state: string) {
  return db
    .selectFrom('followup_updates')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .where('state', '=', state)
    .orderBy(state === 'published' ? 'published_at' : 'created_at', 'desc')
    .execute();
}

export function pendingUpdates(db: Db, limit = 200) {
  return db
    .selectFrom('followup_updates as u')
    .innerJoin('followup_scorecards as s', 's.id', 'u.scorecard_id')
    .selectAll('u')
    .select(['s.slug', 's.collectivity_name'])
    .where('u.state', '=', 'pending')
    .orderBy('u.created_at')
    .limit(limit)
    .execute();
}

export function latestPublished(db: Db, limit: number) {
  return db
    .selectFrom('followup_updates as u')
    .innerJoin('followup_scorecards as s', 's.id', 'u.scorecard_id')
    .selectAll('u')
    .select(['s.slug', 's.collectivity_name'])
    .where('u.state', '=', 'published')
    .orderBy('u.published_at', 'desc')
    .limit(limit)
    .execute();
}

export function answersOf(db: Db, scorecardId: string) {
  return db
    .selectFrom('followup_answers')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .orderBy('answered_at', 'desc')
    .execute();
}

export async function countPending(db: Db): Promise<number> {
  const row = await db
    .selectFrom('followup_updates')
    .select(sql<number>`count(*)`.as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Scorecards of a commune and of its intercommunalities (those of the commune itself, or of its parent
 * commune for a municipal arrondissement: found here by a subquery, so that the commune page asks for
 * this with its other queries, before it has read the commune); on every commune page, compiled once.
 */
export const scorecardsOfCommune = reusableQuery((db: Db, insee: string) =>
  db
    .selectFrom('followup_scorecards')
    .select(['slug', 'collectivity_kind', 'collectivity_name', 'level', 'status', 'election_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('collectivity_kind', '=', 'commune'), eb('collectivity_code', '=', insee)]),
        eb.and([
          eb('collectivity_kind', '=', 'epci'),
          eb(
            'collectivity_code',
            'in',
            eb
              .selectFrom('intercommunality_members')
              .select('intercommunality_code')
              .where('insee', '=', (eb) =>
                eb.fn.coalesce(
                  eb.selectFrom('communes').select('parent_insee').where('insee', '=', insee),
                  eb.val(insee),
                ),
              ),
          ),
        ]),
      ]),
    )
    .orderBy('collectivity_kind')
    .orderBy('election_id', 'desc'),
);

export async function deleteSignatoryRows(db: Db, signatureId: string) {
  await db.deleteFrom('followup_signatories').where('signature_id', '=', signatureId).execute();
}

/** The active scorecard of a collectivity code (most recent election first). */
export function findActiveScorecardByCode(db: Db, code: string) {
  return db
    .selectFrom('followup_scorecards')
    .selectAll()
    .where('collectivity_code', '=', code)
    .where('status', '=', 'active')
    .orderBy('election_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
