import type { Selectable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export type TokenRow = Selectable<Database['followup_tokens']>;

export async function insertToken(db: Db, row: TokenRow) {
  await db.insertInto('followup_tokens').values(row).execute();
}

export function findTokenByHash(db: Db, hash: string) {
  return db.selectFrom('followup_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function tokensOf(db: Db, scorecardId: string) {
  return db
    .selectFrom('followup_tokens')
    .selectAll()
    .where('scorecard_id', '=', scorecardId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function setTokenRevoked(db: Db, id: string, at: string) {
  await db.updateTable('followup_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function touchToken(db: Db, id: string, at: string) {
  await db.updateTable('followup_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function insertAnswer(db: Db, row: Selectable<Database['followup_answers']>) {
  await db.insertInto('followup_answers').values(row).execute();
}
