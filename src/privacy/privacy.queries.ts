import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type PrivacyTokenRow = Database['privacy_tokens'];

export async function insertToken(db: Db, row: PrivacyTokenRow) {
  await db.insertInto('privacy_tokens').values(row).execute();
}

export function findToken(db: Db, hash: string, purpose: string) {
  return db
    .selectFrom('privacy_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks a link used if it still is unused and unexpired; false when someone used it first. */
export async function claimToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('privacy_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Tokens expired for a day are forgotten (they hold an email address). */
export async function deleteExpiredTokens(db: Db, before: string) {
  await db.deleteFrom('privacy_tokens').where('expires_at', '<', before).execute();
}

export async function deleteTokensOf(db: Db, email: string) {
  await db.deleteFrom('privacy_tokens').where('email', '=', email).execute();
}

export async function insertAudit(db: Db, row: Database['audit_log']) {
  await db.insertInto('audit_log').values(row).execute();
}

export function auditOf(db: Db, actor: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'action', 'entity_type', 'entity_id', 'after'])
    .where('actor', '=', actor)
    .orderBy('at')
    .execute();
}

/** Each election and the date of its last round. */
export function lastRounds(db: Db) {
  return db
    .selectFrom('elections as e')
    .innerJoin('election_rounds as r', 'r.election_id', 'e.id')
    .select(['e.id', 'e.name', (eb) => eb.fn.max('r.date').as('last_round')])
    .groupBy(['e.id', 'e.name'])
    .orderBy('e.id')
    .execute();
}

export async function setSetting(db: Db, key: string, value: string) {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
