import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import { isRole } from './roles.ts';
import type { User } from './users.service.ts';

/**
 * Sessions in the database (the pattern Lucia documented): the browser holds a random token; the
 * database holds only its SHA-256, so a copy of the database gives no usable cookie. Sliding expiry:
 * 30 days, extended when less than 15 remain.
 */
export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
const SESSION_MS = SESSION_DAYS * DAY_MS;

export interface Session {
  id: string;
  userId: string;
  expiresAt: Date;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  db: Db,
  userId: string,
  now = Date.now(),
): Promise<{ token: string; session: Session }> {
  const token = generateSessionToken();
  const session = { id: sessionIdOf(token), userId, expiresAt: new Date(now + SESSION_MS) };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: session.expiresAt.toISOString(),
    })
    .execute();
  return { token, session };
}

export interface ValidSession {
  session: Session;
  user: User;
  /** True when the expiry moved: the cookie must be sent again with the new date. */
  extended: boolean;
}

/** The session and user of a token, or undefined (unknown, expired, or the account is disabled). */
export async function validateSessionToken(db: Db, token: string, now = Date.now()): Promise<ValidSession | undefined> {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  const id = sessionIdOf(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.role',
      'users.disabled',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const expiresAt = Date.parse(row.expires_at);
  if (now >= expiresAt || toBool(row.disabled) || !isRole(row.role)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return undefined;
  }
  let extended = false;
  let newExpiry = expiresAt;
  if (expiresAt - now < SESSION_MS / 2) {
    newExpiry = now + SESSION_MS;
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(newExpiry).toISOString() })
      .where('id', '=', id)
      .execute();
    extended = true;
  }
  return {
    session: { id, userId: row.user_id, expiresAt: new Date(newExpiry) },
    user: { id: row.user_id, email: row.email, role: row.role },
    extended,
  };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
