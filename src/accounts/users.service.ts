import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso, toBool, toCount } from '../db/portability.ts';
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { isRole, ROLES, type Role } from './roles.ts';
import * as q from './users.queries.ts';

/** A bad email, role or password, explained in one French line. */
export class AccountError extends Error {}

export interface User {
  id: string;
  email: string;
  role: Role;
}

/** Emails are compared and stored trimmed and in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailSchema = z.email({ message: 'adresse électronique invalide' });

export function checkEmail(email: string): string | undefined {
  const result = emailSchema.safeParse(normalizeEmail(email));
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'adresse électronique invalide');
}

export async function createUser(
  db: Db,
  input: { email: string; role: string; password: string; displayName?: string },
): Promise<User> {
  const email = normalizeEmail(input.email);
  const emailProblem = checkEmail(email);
  if (emailProblem) throw new AccountError(`${emailProblem} : « ${input.email} »`);
  if (!isRole(input.role)) {
    throw new AccountError(`rôle inconnu : « ${input.role} » (rôles possibles : ${ROLES.join(', ')})`);
  }
  const weak = passwordProblem(input.password, email);
  if (weak) throw new AccountError(weak.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()));
  if (await q.findUserByEmail(db, email)) throw new AccountError(`un compte existe déjà pour ${email}`);
  const user = { id: newId(), email, role: input.role };
  const now = nowIso();
  await q.insertUser(db, {
    ...user,
    password_hash: await hashPassword(input.password),
    created_at: now,
    display_name: input.displayName?.trim() || null,
    confirmed_at: now,
  });
  return user;
}

/** An account by email (normalised here), for the sign-up, reset and membership forms. */
export async function findUserByEmail(
  db: Db,
  email: string,
): Promise<(User & { displayName: string | null; disabled: boolean; confirmed: boolean }) | undefined> {
  const row = await q.findUserByEmail(db, normalizeEmail(email));
  if (!row || !isRole(row.role)) return undefined;
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    displayName: row.display_name,
    disabled: toBool(row.disabled),
    confirmed: row.confirmed_at !== null,
  };
}

/** Failed sign-ins allowed per IP address and email within the window. */
export const LOGIN_LIMIT = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'unconfirmed' }
  | { ok: false; reason: 'rate-limited'; retryInMinutes: number };

/**
 * Checks an email and password. Failures are counted in the database per "IP|email" (so several
 * instances share the count); past the limit, even the right password is refused until the window ends.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const key = `${input.ip}|${email}`;
  const since = new Date(now - LOGIN_WINDOW_MS).toISOString();
  const failures = toCount((await q.countFailedAttempts(db, key, since)).n);
  if (failures >= LOGIN_LIMIT) {
    const oldest = await q.oldestFailedAttempt(db, key, since);
    const freeAt = (oldest ? Date.parse(oldest.attempted_at) : now) + LOGIN_WINDOW_MS;
    return { ok: false, reason: 'rate-limited', retryInMinutes: Math.max(1, Math.ceil((freeAt - now) / 60_000)) };
  }
  const row = await q.findUserByEmail(db, email);
  let valid = false;
  if (row) valid = await verifyPassword(row.password_hash, input.password);
  else await burnPasswordCheck(input.password); // same work whether or not the email exists
  if (row && valid && !toBool(row.disabled) && row.confirmed_at === null) return { ok: false, reason: 'unconfirmed' };
  if (!row || !valid || toBool(row.disabled) || !isRole(row.role)) {
    await q.recordFailedAttempt(db, key, new Date(now).toISOString(), since);
    return { ok: false, reason: 'invalid' };
  }
  await q.clearFailedAttempts(db, key);
  return { ok: true, user: { id: row.id, email: row.email, role: row.role } };
}

/** The email of each account id given (for « saisie par » and audit trails shown to moderators). */
export async function accountEmails(db: Db, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  return new Map((await q.emailsOfUsers(db, wanted)).map((u) => [u.id, u.email]));
}
