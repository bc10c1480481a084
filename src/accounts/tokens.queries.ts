import type { Db } from '../db/connection.ts';

export async function insertToken(
  db: Db,
  row: { id: string; user_id: string; purpose: string; created_at: string; expires_at: string },
) {
  await db.insertInto('account_tokens').values(row).execute();
}

export function findToken(db: Db, id: string, purpose: string) {
  return db
    .selectFrom('account_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.user_id',
      't.expires_at',
      't.used_at',
      'u.email',
      'u.display_name',
      'u.confirmed_at',
      'u.disabled',
    ])
    .where('t.id', '=', id)
    .where('t.purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks a token used, only if it was not already (single use even under concurrent requests). */
export async function useToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function expireTokensOf(db: Db, userId: string, purpose: string, at: string) {
  await db
    .updateTable('account_tokens')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function confirmUser(db: Db, userId: string, at: string) {
  await db
    .updateTable('users')
    .set({ confirmed_at: at })
    .where('id', '=', userId)
    .where('confirmed_at', 'is', null)
    .execute();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function deleteSessionsOf(db: Db, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function insertPendingUser(
  db: Db,
  row: { id: string; email: string; password_hash: string; role: string; created_at: string; display_name: string },
) {
  await db
    .insertInto('users')
    .values({ ...row, confirmed_at: null })
    .execute();
}

/** Requests of a kind from a key within the window (same table as failed sign-ins). */
export function countHits(db: Db, key: string, since: string) {
  return db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
}

export async function recordHit(db: Db, key: string, at: string) {
  await db.insertInto('login_attempts').values({ key, attempted_at: at }).execute();
}
