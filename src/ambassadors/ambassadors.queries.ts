import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type VisitRequestRow = Selectable<Database['visit_requests']>;
export type VisitEventRow = Selectable<Database['visit_request_events']>;

/** States in which a request is still open (a second request of the same mairie joins it). */
export const OPEN_STATES = ['demandee', 'attribuee', 'rdv_fixe', 'visitee', 'relancee'] as const;

// --- ambassadors and coverage -------------------------------------------------------------

export function ambassadorsOf(db: Db, organisationId: string) {
  return db
    .selectFrom('ambassadors as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'a.since', 'u.email', 'u.display_name'])
    .where('a.organisation_id', '=', organisationId)
    .orderBy('u.email')
    .execute();
}

export function zonesOfAmbassadors(db: Db, organisationId: string) {
  return db
    .selectFrom('ambassador_zones')
    .select(['user_id', 'kind', 'code'])
    .where('organisation_id', '=', organisationId)
    .orderBy('kind')
    .orderBy('code')
    .execute();
}

export async function addAmbassador(db: Db, organisationId: string, userId: string, at: string) {
  await db
    .insertInto('ambassadors')
    .values({ organisation_id: organisationId, user_id: userId, since: at })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
    .execute();
}

export async function removeAmbassador(db: Db, organisationId: string, userId: string) {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('ambassador_zones')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .execute();
    await tx
      .deleteFrom('ambassadors')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .execute();
  });
}

export async function replaceAmbassadorZone(
  db: Db,
  organisationId: string,
  userId: string,
  entries: { kind: string; code: string }[],
) {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('ambassador_zones')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .execute();
    if (entries.length > 0) {
      await tx
        .insertInto('ambassador_zones')
        .values(entries.map((e) => ({ organisation_id: organisationId, user_id: userId, ...e })))
        .execute();
    }
  });
}

/**
 * Where each organisation's ambassadors go: their own coverage zones, and the organisation's zone
 * for ambassadors who have none. One row per (organisation, kind, code).
 */
export async function coverageEntries(db: Db) {
  const own = await db
    .selectFrom('ambassador_zones as z')
    .innerJoin('organisations as o', 'o.id', 'z.organisation_id')
    .select(['z.organisation_id', 'o.name', 'z.kind', 'z.code'])
    .distinct()
    .execute();
  const inherited = await db
    .selectFrom('ambassadors as a')
    .innerJoin('organisation_zones as z', 'z.organisation_id', 'a.organisation_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['z.organisation_id', 'o.name', 'z.kind', 'z.code'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ambassador_zones as az')
            .select('az.code')
            .whereRef('az.organisation_id', '=', 'a.organisation_id')
            .whereRef('az.user_id', '=', 'a.user_id'),
        ),
      ),
    )
    .distinct()
    .execute();
  return [...own, ...inherited];
}

/** Open requests per organisation (routing prefers the least loaded of equally near ones). */
export async function openLoadByOrganisation(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('visit_requests')
    .select(['organisation_id', (eb) => eb.fn.countAll().as('n')])
    .where('organisation_id', 'is not', null)
    .where('state', 'in', [...OPEN_STATES])
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id as string, Number(r.n)]));
}

export function ambassadorCounts(db: Db) {
  return db
    .selectFrom('ambassadors as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['o.slug', 'o.name', 'o.kind', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['o.slug', 'o.name', 'o.kind'])
    .orderBy('o.name')
    .execute();
}

/** Active accounts of a role (coordinators alerted about requests nobody covers). */
export async function emailsOfRoles(db: Db, roles: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('role', 'in', roles)
    .where('disabled', '=', 0)
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

// --- visit requests ----------------------------------------------------------------------

export async function insertRequest(db: Db, row: Insertable<Database['visit_requests']>) {
  await db.insertInto('visit_requests').values(row).execute();
}

export function findRequest(db: Db, id: string) {
  return db.selectFrom('visit_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRequestByToken(db: Db, tokenHash: string) {
  return db.selectFrom('visit_requests').selectAll().where('confirm_token_hash', '=', tokenHash).executeTakeFirst();
}

export function openRequestOfCommune(db: Db, insee: string) {
  return db
    .selectFrom('visit_requests')
    .selectAll()
    .where('commune_insee', '=', insee)
    .where('state', 'in', [...OPEN_STATES])
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function updateRequest(db: Db, id: string, values: Updateable<Database['visit_requests']>) {
  await db.updateTable('visit_requests').set(values).where('id', '=', id).execute();
}

export async function insertEvent(db: Db, row: VisitEventRow) {
  await db.insertInto('visit_request_events').values(row).execute();
}

export function eventsOf(db: Db, requestId: string) {
  return db
    .selectFrom('visit_request_events')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Requests with their commune, département and organisations' names, for lists. */
function requestList(db: Db) {
  return db
    .selectFrom('visit_requests as r')
    .innerJoin('communes as c', 'c.insee', 'r.commune_insee')
    .innerJoin('departements as d', 'd.code', 'r.departement_code')
    .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('organisations as p', 'p.id', 'r.proposed_organisation_id')
    .leftJoin('users as u', 'u.id', 'r.ambassador_user_id')
    .selectAll('r')
    .select([
      'c.name as commune_name',
      'd.name as departement_name',
      'o.name as organisation_name',
      'o.slug as organisation_slug',
      'p.name as proposed_name',
      'u.email as ambassador_email',
      'u.display_name as ambassador_name',
    ]);
}
export type RequestListRow = Awaited<ReturnType<ReturnType<typeof requestList>['execute']>>[number];

export function findRequestDetails(db: Db, id: string) {
  return requestList(db).where('r.id', '=', id).executeTakeFirst();
}

export function listRequests(
  db: Db,
  filter: { organisationIds?: string[]; states?: string[]; unassigned?: boolean; departement?: string },
) {
  let query = requestList(db);
  if (filter.organisationIds) {
    if (filter.organisationIds.length === 0) return Promise.resolve([]);
    query = query.where((eb) =>
      eb.or([
        eb('r.organisation_id', 'in', filter.organisationIds as string[]),
        eb.and([
          eb('r.organisation_id', 'is', null),
          eb('r.proposed_organisation_id', 'in', filter.organisationIds as string[]),
        ]),
      ]),
    );
  }
  if (filter.states) query = query.where('r.state', 'in', filter.states);
  if (filter.unassigned) query = query.where('r.organisation_id', 'is', null);
  if (filter.departement) query = query.where('r.departement_code', '=', filter.departement);
  return query.orderBy('r.created_at', 'desc').execute();
}

/** Confirmed requests for the public record (no contact details selected). */
export function publicRequests(db: Db) {
  return db
    .selectFrom('visit_requests as r')
    .innerJoin('communes as c', 'c.insee', 'r.commune_insee')
    .innerJoin('departements as d', 'd.code', 'r.departement_code')
    .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.commune_insee',
      'c.name as commune_name',
      'r.departement_code',
      'd.name as departement_name',
      'r.state',
      'r.created_at',
      'r.visited_on',
      'r.policy_state',
      'r.policy_description',
      'r.policy_links',
      'o.name as organisation_name',
      'o.slug as organisation_slug',
    ])
    .where('r.confirmed_at', 'is not', null)
    .where('r.state', '!=', 'abandonnee')
    .orderBy('r.departement_code')
    .orderBy('c.search')
    .orderBy('r.created_at')
    .execute();
}

export function requestsAwaitingModeration(db: Db) {
  return requestList(db)
    .where('r.policy_state', '=', 'pending')
    .where('r.confirmed_at', 'is not', null)
    .orderBy('r.created_at')
    .execute();
}

/** Requests that have been in `state` since before `before`, not reminded since `before`. */
export function staleRequests(db: Db, state: string, before: string) {
  return requestList(db)
    .where('r.state', '=', state)
    .where('r.state_since', '<', before)
    .where('r.confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('r.reminded_at', 'is', null), eb('r.reminded_at', '<', before)]))
    .orderBy('r.state_since')
    .execute();
}

// --- kit and reports -------------------------------------------------------------------------

export function kitItems(db: Db, { activeOnly }: { activeOnly: boolean }) {
  let query = db.selectFrom('kit_items').selectAll();
  if (activeOnly) query = query.where('active', '=', 1);
  return query.orderBy('position').orderBy('id').execute();
}

export async function insertKitItem(db: Db, row: Selectable<Database['kit_items']>) {
  await db.insertInto('kit_items').values(row).execute();
}

export async function setKitItemActive(db: Db, id: string, active: number) {
  await db.updateTable('kit_items').set({ active }).where('id', '=', id).execute();
}

export async function maxKitPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('kit_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return Number(row?.p ?? 0);
}

export function reportOf(db: Db, requestId: string) {
  return db.selectFrom('visit_reports').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function reportItemIds(db: Db, requestId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('visit_report_items')
    .select('kit_item_id')
    .where('request_id', '=', requestId)
    .execute();
  return rows.map((r) => r.kit_item_id);
}

export async function saveReport(db: Db, row: Selectable<Database['visit_reports']>, itemIds: string[]) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('visit_report_items').where('request_id', '=', row.request_id).execute();
    await tx.deleteFrom('visit_reports').where('request_id', '=', row.request_id).execute();
    await tx.insertInto('visit_reports').values(row).execute();
    if (itemIds.length > 0) {
      await tx
        .insertInto('visit_report_items')
        .values(itemIds.map((id) => ({ request_id: row.request_id, kit_item_id: id })))
        .execute();
    }
  });
}

// --- mailings to mayors ----------------------------------------------------------------------

export async function recordMailing(
  db: Db,
  row: Selectable<Database['mayor_mailings']>,
  communes: string[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('mayor_mailings').values(row).execute();
    for (let i = 0; i < communes.length; i += 500) {
      await tx
        .insertInto('mayor_mailing_communes')
        .values(communes.slice(i, i + 500).map((insee) => ({ mailing_id: row.id, commune_insee: insee })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

export function mailingsOf(db: Db, departement: string) {
  return db
    .selectFrom('mayor_mailings')
    .selectAll()
    .where('departement_code', '=', departement)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Communes of a département that received an initial letter. */
export async function writtenCommunes(db: Db, departement: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('mayor_mailing_communes as mc')
    .innerJoin('mayor_mailings as m', 'm.id', 'mc.mailing_id')
    .select('mc.commune_insee')
    .where('m.departement_code', '=', departement)
    .where('m.kind', '=', 'initial')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.commune_insee));
}

/** Communes of a département whose mairie asked for a visit (any state, confirmed). */
export async function answeredCommunes(db: Db, departement: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('visit_requests')
    .select('commune_insee')
    .where('departement_code', '=', departement)
    .where('confirmed_at', 'is not', null)
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.commune_insee));
}

/** Which of these territory codes exist (to refuse unknown ones in a coverage zone). */
export async function existingCodes(db: Db, kind: string, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows =
    kind === 'commune'
      ? await db.selectFrom('communes').select('insee as code').where('insee', 'in', codes).execute()
      : kind === 'epci'
        ? await db.selectFrom('intercommunalities').select('code').where('code', 'in', codes).execute()
        : await db.selectFrom('departements').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/** Unconfirmed requests whose link expired before `before`: deleted with their log (never confirmed, maybe not theirs). */
export async function deleteUnconfirmedBefore(db: Db, before: string): Promise<number> {
  const rows = await db
    .selectFrom('visit_requests')
    .select('id')
    .where('confirmed_at', 'is', null)
    .where('confirm_expires_at', '<', before)
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('visit_request_events').where('request_id', 'in', ids).execute();
    await tx.deleteFrom('visit_requests').where('id', 'in', ids).execute();
  });
  return ids.length;
}

/** Closed requests (suivie, abandonnée) since before `before` that still hold a contact: contact erased. */
export async function anonymiseClosedBefore(db: Db, before: string): Promise<number> {
  const rows = await db
    .selectFrom('visit_requests')
    .select('id')
    .where('state', 'in', ['suivie', 'abandonnee'])
    .where('state_since', '<', before)
    .where('email', '!=', '')
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('visit_requests')
      .set({ contact_name: '', contact_role: '', email: '', phone: '', periods: '' })
      .where('id', 'in', ids)
      .execute();
    // Joined requests wrote the other contacts into the log.
    await tx
      .updateTable('visit_request_events')
      .set({ note: 'Demande jointe (coordonnées effacées)' })
      .where('request_id', 'in', ids)
      .where('kind', '=', 'joined')
      .execute();
  });
  return ids.length;
}

/** Personal-data rights (privacy/): the requests a mairie contact made with this email. */
export function requestsByEmail(db: Db, email: string) {
  return db
    .selectFrom('visit_requests as r')
    .innerJoin('communes as c', 'c.insee', 'r.commune_insee')
    .select([
      'r.id',
      'r.commune_insee',
      'c.name as commune_name',
      'r.contact_name',
      'r.contact_role',
      'r.email',
      'r.phone',
      'r.periods',
      'r.state',
      'r.created_at',
      'r.confirmed_at',
    ])
    .where('r.email', '=', email)
    .orderBy('r.created_at')
    .execute();
}

/** Erases the contact of these requests (the public record stays), and the contacts written in the log. */
export async function eraseRequestContacts(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('visit_requests')
    .set({ contact_name: '', contact_role: '', email: '', phone: '', periods: '' })
    .where('id', 'in', ids)
    .execute();
  await db
    .updateTable('visit_request_events')
    .set({ note: 'Demande jointe (coordonnées effacées)' })
    .where('request_id', 'in', ids)
    .where('kind', '=', 'joined')
    .execute();
}
