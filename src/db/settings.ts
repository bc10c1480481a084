import { randomBytes } from 'node:crypto';
import type { Db } from './connection.ts';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Returns the stored secret, generating and storing one on first start (shared by every instance). */
export async function ensureSessionSecret(db: Db): Promise<string> {
  const existing = await getSetting(db, 'session_secret');
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('settings')
    .values({ key: 'session_secret', value: secret })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, 'session_secret')) ?? secret;
}
