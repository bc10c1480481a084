import type { Db } from '../db/connection.ts';

export function reminderSince(db: Db, userId: string, organisationId: string, since: string) {
  return db
    .selectFrom('followup_reminders')
    .select('sent_at')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('sent_at', '>', since)
    .executeTakeFirst();
}

export async function insertReminder(
  db: Db,
  row: { id: string; user_id: string; organisation_id: string; items: number; sent_at: string },
) {
  await db.insertInto('followup_reminders').values(row).execute();
}
