import type { Selectable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type OrganisationRow = Selectable<Database['organisations']>;

export function findOrganisationBySlug(db: Db, slug: string) {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findOrganisationById(db: Db, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOrganisations(db: Db) {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

export async function insertOrganisation(db: Db, row: OrganisationRow) {
  await db.insertInto('organisations').values(row).execute();
}

export async function updateOrganisation(
  db: Db,
  id: string,
  values: Pick<OrganisationRow, 'name' | 'kind' | 'website' | 'description' | 'updated_at'>,
) {
  await db.updateTable('organisations').set(values).where('id', '=', id).execute();
}

export function membersOf(db: Db, organisationId: string) {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.added_at', 'u.email', 'u.display_name'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('u.email')
    .execute();
}

export function membershipsOf(db: Db, userId: string) {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id', 'o.slug', 'o.name', 'o.kind', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

export async function upsertMember(db: Db, organisationId: string, userId: string, role: string, at: string) {
  await db
    .insertInto('organisation_members')
    .values({ organisation_id: organisationId, user_id: userId, role, added_at: at })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteMember(db: Db, organisationId: string, userId: string) {
  await db
    .deleteFrom('organisation_members')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

export function zoneOf(db: Db, organisationId: string) {
  return db
    .selectFrom('organisation_zones as z')
    .leftJoin('communes as c', (j) => j.on('z.kind', '=', 'commune').onRef('c.insee', '=', 'z.code'))
    .leftJoin('intercommunalities as i', (j) => j.on('z.kind', '=', 'epci').onRef('i.code', '=', 'z.code'))
    .leftJoin('departements as d', (j) => j.on('z.kind', '=', 'departement').onRef('d.code', '=', 'z.code'))
    .select(['z.kind', 'z.code', 'c.name as commune_name', 'i.name as epci_name', 'd.name as departement_name'])
    .where('z.organisation_id', '=', organisationId)
    .orderBy('z.kind')
    .orderBy('z.code')
    .execute();
}

export async function replaceZone(db: Db, organisationId: string, entries: { kind: string; code: string }[]) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('organisation_zones').where('organisation_id', '=', organisationId).execute();
    if (entries.length > 0) {
      await tx
        .insertInto('organisation_zones')
        .values(entries.map((e) => ({ organisation_id: organisationId, kind: e.kind, code: e.code })))
        .execute();
    }
  });
}

/** Which of these codes exist, per kind (to refuse unknown communes, EPCI or départements). */
export async function existingTerritoryCodes(db: Db, kind: string, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows =
    kind === 'commune'
      ? await db.selectFrom('communes').select('insee as code').where('insee', 'in', codes).execute()
      : kind === 'epci'
        ? await db.selectFrom('intercommunalities').select('code').where('code', 'in', codes).execute()
        : await db.selectFrom('departements').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}
