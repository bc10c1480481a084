import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type ReservationRow = Database['reservations'];

export function findReservation(db: Db, targetType: string, targetId: string) {
  return db
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.target_type',
      'r.target_id',
      'r.ballot_id',
      'r.user_id',
      'r.organisation_id',
      'r.reserved_at',
      'r.expires_at',
      'u.email',
      'u.display_name',
    ])
    .where('r.target_type', '=', targetType)
    .where('r.target_id', '=', targetId)
    .executeTakeFirst();
}

export async function insertReservation(db: Db, row: ReservationRow) {
  await db.insertInto('reservations').values(row).execute();
}

/** Takes over a row only if it still is what was read (expired, or the same holder). */
export async function replaceReservation(
  db: Db,
  row: ReservationRow,
  previous: { user_id: string; reserved_at: string },
) {
  const result = await db
    .updateTable('reservations')
    .set({
      user_id: row.user_id,
      organisation_id: row.organisation_id,
      reserved_at: row.reserved_at,
      expires_at: row.expires_at,
    })
    .where('target_type', '=', row.target_type)
    .where('target_id', '=', row.target_id)
    .where('user_id', '=', previous.user_id)
    .where('reserved_at', '=', previous.reserved_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function makePermanent(db: Db, targetType: string, targetId: string, userId: string) {
  await db
    .updateTable('reservations')
    .set({ expires_at: null })
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteReservation(db: Db, targetType: string, targetId: string) {
  await db.deleteFrom('reservations').where('target_type', '=', targetType).where('target_id', '=', targetId).execute();
}

export function reservationsOfUser(db: Db, userId: string, nowIso: string) {
  return db
    .selectFrom('reservations')
    .selectAll()
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
    .orderBy('reserved_at', 'desc')
    .execute();
}

export async function saveSetting(db: Db, key: string, value: string) {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
