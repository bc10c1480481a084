import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type UserRow = Database['users'];

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Db, user: Omit<UserRow, 'disabled'>) {
  await db.insertInto('users').values(user).execute();
}

export function countFailedAttempts(db: Db, key: string, since: string) {
  return db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
}

export function oldestFailedAttempt(db: Db, key: string, since: string) {
  return db
    .selectFrom('login_attempts')
    .select('attempted_at')
    .where('key', '=', key)
    .where('attempted_at', '>', since)
    .orderBy('attempted_at')
    .limit(1)
    .executeTakeFirst();
}

export async function recordFailedAttempt(db: Db, key: string, at: string, forgetBefore: string) {
  await db.deleteFrom('login_attempts').where('attempted_at', '<', forgetBefore).execute();
  await db.insertInto('login_attempts').values({ key, attempted_at: at }).execute();
}

export async function clearFailedAttempts(db: Db, key: string) {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

export function emailsOfUsers(db: Db, ids: string[]) {
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute();
}

/** Personal-data rights (privacy/): the account's row without its password hash. */
export function accountRowByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'display_name', 'created_at', 'confirmed_at', 'disabled'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function anonymiseUserRow(db: Db, id: string) {
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  await db.deleteFrom('account_tokens').where('user_id', '=', id).execute();
  await db
    .updateTable('users')
    .set({ email: `compte-supprime-${id}@invalid`, password_hash: '', display_name: null, disabled: 1 })
    .where('id', '=', id)
    .execute();
}
