import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import type { Database } from '../db/schema.ts';

export type SignatureRow = Database['signatures'];
export type SignatureEventRow = Database['signature_events'];
export type InvitationRow = Database['signature_invitations'];

export function insertSignature(db: Db, row: SignatureRow) {
  return db.insertInto('signatures').values(row).execute();
}

export function findSignatureById(db: Db, id: string) {
  return db.selectFrom('signatures').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSignatureByDedupKey(db: Db, key: string) {
  return db.selectFrom('signatures').selectAll().where('dedup_key', '=', key).executeTakeFirst();
}

export function findSignatureByConfirmationHash(db: Db, hash: string) {
  return db.selectFrom('signatures').selectAll().where('confirmation_hash', '=', hash).executeTakeFirst();
}

export function findSignatureByAccessHash(db: Db, hash: string) {
  return db.selectFrom('signatures').selectAll().where('access_hash', '=', hash).executeTakeFirst();
}

export async function updateSignature(db: Db, id: string, values: Partial<SignatureRow>) {
  await db.updateTable('signatures').set(values).where('id', '=', id).execute();
}

/** Changes the state only if it is still `from` (two moderators at once: one wins). Returns rows changed. */
export async function updateSignatureState(db: Db, id: string, from: string, values: Partial<SignatureRow>) {
  const result = await db
    .updateTable('signatures')
    .set(values)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function insertEvent(db: Db, row: SignatureEventRow) {
  return db.insertInto('signature_events').values(row).execute();
}

export function eventsOfSignature(db: Db, id: string) {
  return db
    .selectFrom('signature_events')
    .selectAll()
    .where('signature_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The official list with its ballot, election and commune (territory code of a communal ballot). */
export function findListContext(db: Db, listId: string) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .select([
      'l.id as list_id',
      'l.name as list_name',
      'l.nuance_code',
      'l.website',
      'b.id as ballot_id',
      'b.election_id',
      'b.territory_kind',
      'b.territory_code',
    ])
    .where('l.id', '=', listId)
    .executeTakeFirst();
}

/** The official candidacy with its list (if any), ballot and election. */
export function findCandidacyContext(db: Db, candidacyId: string) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .select([
      'c.id as candidacy_id',
      'c.person_id',
      'c.last_name',
      'c.first_name',
      'c.position',
      'c.nuance_code',
      'l.id as list_id',
      'l.name as list_name',
      'l.website',
      'b.id as ballot_id',
      'b.election_id',
      'b.territory_kind',
      'b.territory_code',
    ])
    .where('c.id', '=', candidacyId)
    .executeTakeFirst();
}

export function findCommuneBasics(db: Db, insee: string) {
  return db
    .selectFrom('communes')
    .select(['insee', 'name', 'departement_code', 'parent_insee'])
    .where('insee', '=', insee)
    .executeTakeFirst();
}

export async function postcodesOfCommune(db: Db, insee: string): Promise<string[]> {
  const rows = await db.selectFrom('postcodes').select('postcode').where('insee', '=', insee).execute();
  return rows.map((r) => r.postcode);
}

export interface SignatureFilters {
  states?: readonly string[];
  electionId?: string;
  departementCode?: string;
  communeInsee?: string;
  listId?: string;
  personId?: string;
  nuance?: string;
  /** true: only signatures with a comment the signatory agreed to publish; false: only without. */
  withComment?: boolean;
  channel?: string;
  /** Not merged into another signature (default true). */
  excludeMerged?: boolean;
}

function filtered(db: Db, filters: SignatureFilters) {
  let query = db
    .selectFrom('signatures as s')
    .leftJoin('lists as l', 'l.id', 's.list_id')
    .leftJoin('candidacies as c', 'c.id', 's.candidacy_id')
    .leftJoin('communes as m', 'm.insee', 's.commune_insee');
  if (filters.states?.length) query = query.where('s.state', 'in', filters.states);
  if (filters.electionId) query = query.where('s.election_id', '=', filters.electionId);
  if (filters.departementCode) query = query.where('s.departement_code', '=', filters.departementCode);
  if (filters.communeInsee) query = query.where('s.commune_insee', '=', filters.communeInsee);
  if (filters.listId) query = query.where('s.list_id', '=', filters.listId);
  if (filters.personId) query = query.where('s.person_id', '=', filters.personId);
  if (filters.channel) query = query.where('s.channel', '=', filters.channel);
  if (filters.nuance) {
    const nuance = filters.nuance;
    query = query.where((eb) => eb(eb.fn.coalesce('l.nuance_code', 'c.nuance_code'), '=', nuance));
  }
  if (filters.withComment !== undefined) {
    const has: Expression<SqlBool> = sql<SqlBool>`(s.consent_publish = 1 and s.comment is not null and s.comment <> '')`;
    query = query.where(filters.withComment ? has : sql<SqlBool>`not ${has}`);
  }
  if (filters.excludeMerged !== false) query = query.where('s.merged_into', 'is', null);
  return query;
}

/** Every column of the signature (private fields included) plus the official names: moderation only. */
export function listSignatureRows(
  db: Db,
  filters: SignatureFilters,
  { limit, offset, order }: { limit: number; offset: number; order: 'created' | 'published' },
) {
  let query = filtered(db, filters)
    .selectAll('s')
    .select([
      'l.name as official_list_name',
      'l.nuance_code as list_nuance_code',
      'c.nuance_code as candidacy_nuance_code',
      'c.position as official_position',
      'm.name as official_commune_name',
    ]);
  query =
    order === 'published'
      ? query.orderBy('s.published_at', 'desc').orderBy('s.id', 'desc')
      : query.orderBy('s.created_at').orderBy('s.id');
  return query.limit(limit).offset(offset).execute();
}

/** Only the public columns (never phone or email): pages, feeds and exports. */
function publicSignatureRows(db: Db, filters: SignatureFilters, { limit, offset }: { limit: number; offset: number }) {
  return filtered(db, filters)
    .select([
      's.id',
      's.variant',
      's.election_id',
      's.ballot_id',
      's.list_id',
      's.candidacy_id',
      's.person_id',
      's.commune_insee',
      's.departement_code',
      's.list_name',
      's.list_position',
      's.parties',
      's.website',
      's.commune_name',
      's.last_name',
      's.first_name',
      's.signed_on',
      's.consent_publish',
      's.comment',
      's.channel',
      's.published_at',
      's.document_version',
      's.document_id',
      'l.name as official_list_name',
      'm.name as official_commune_name',
      (eb) => eb.fn.coalesce('l.nuance_code', 'c.nuance_code').as('nuance_code'),
    ])
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .offset(offset);
}

/** A commune page's published signatures (its first 1,000): compiled once (db/reusable-query.ts). */
const publishedOfCommune = reusableQuery((db: Db, insee: string) =>
  publicSignatureRows(db, { states: ['published'], communeInsee: insee }, { limit: 1000, offset: 0 }),
);

export function listPublicSignatureRows(db: Db, filters: SignatureFilters, page: { limit: number; offset: number }) {
  const { states, communeInsee, ...others } = filters;
  if (
    communeInsee &&
    states?.length === 1 &&
    states[0] === 'published' &&
    page.limit === 1000 &&
    page.offset === 0 &&
    Object.values(others).every((v) => v === undefined)
  ) {
    return publishedOfCommune(db, communeInsee);
  }
  return publicSignatureRows(db, filters, page).execute();
}

export function countSignatureRows(db: Db, filters: SignatureFilters) {
  return filtered(db, filters)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
}

export function countByState(db: Db, electionId: string | undefined) {
  let query = db
    .selectFrom('signatures')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merged_into', 'is', null)
    .groupBy('state');
  if (electionId) query = query.where('election_id', '=', electionId);
  return query.execute();
}

export function insertInvitation(db: Db, row: InvitationRow) {
  return db.insertInto('signature_invitations').values(row).execute();
}

export function findInvitationByHash(db: Db, hash: string) {
  return db.selectFrom('signature_invitations').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function findInvitationById(db: Db, id: string) {
  return db.selectFrom('signature_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateInvitation(db: Db, id: string, values: Partial<InvitationRow>) {
  await db.updateTable('signature_invitations').set(values).where('id', '=', id).execute();
}

/** Marks an invitation used, only if nobody used it first. Returns rows changed. */
export async function claimInvitation(db: Db, id: string, at: string) {
  const result = await db
    .updateTable('signature_invitations')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Invitations, newest first, with what they are for (list name, candidate name, commune). */
export function listInvitationRows(db: Db, createdBy: string | undefined, limit: number) {
  let query = db
    .selectFrom('signature_invitations as i')
    .leftJoin('candidacies as c', 'c.id', 'i.candidacy_id')
    .leftJoin('lists as l', (join) => join.on((eb) => eb('l.id', '=', eb.fn.coalesce('i.list_id', 'c.list_id'))))
    .leftJoin('ballots as b', (join) => join.on((eb) => eb('b.id', '=', eb.fn.coalesce('l.ballot_id', 'c.ballot_id'))))
    .selectAll('i')
    .select(['l.name as list_name', 'c.last_name', 'c.first_name', 'b.name as ballot_name'])
    .orderBy('i.created_at', 'desc')
    .limit(limit);
  if (createdBy) query = query.where('i.created_by', '=', createdBy);
  return query.execute();
}

/** Signatures never confirmed whose link expired before `before`. */
export function expiredPendingSignatures(db: Db, before: string) {
  return db
    .selectFrom('signatures')
    .select(['id', 'document_path'])
    .where('state', '=', 'pending_confirmation')
    .where('confirmation_expires_at', '<', before)
    .execute();
}

export async function deleteSignatures(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  await db.updateTable('signature_invitations').set({ signature_id: null }).where('signature_id', 'in', ids).execute();
  await db.deleteFrom('signature_events').where('signature_id', 'in', ids).execute();
  await db.deleteFrom('signatures').where('id', 'in', ids).execute();
}

/** Every signature given with this email (lower case), every column (personal-data rights, privacy/). */
export function signaturesByEmail(db: Db, email: string) {
  return db.selectFrom('signatures').selectAll().where('email', '=', email).orderBy('created_at').execute();
}

/** Signatures of these elections that still hold a phone number or an email address. */
export function signaturesWithContactData(db: Db, electionIds: string[]) {
  return db
    .selectFrom('signatures')
    .select(['id', 'election_id'])
    .where('election_id', 'in', electionIds)
    .where((eb) => eb.or([eb('phone', '!=', ''), eb('email', '!=', '')]))
    .execute();
}

export async function eraseContactData(db: Db, ids: string[], at: string) {
  await db
    .updateTable('signatures')
    .set({ phone: '', email: '', dedup_key: null, confirmation_hash: null, updated_at: at })
    .where('id', 'in', ids)
    .execute();
}
