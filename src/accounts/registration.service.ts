/**
 * Self-service accounts: sign-up with email confirmation, and password reset. Tokens are random
 * (20 bytes, base32 in the link), stored as their SHA-256 like sessions, single use, expiring.
 * Neither form tells whether an address has an account: the same answer is given either way, and
 * the emails leave after the answer (their SMTP latency cannot be timed).
 *
 * - `signUp(db, input, ip)` → `{ ok: true, mail }` (the email to send) | `{ ok: false, errors }` | rate limited
 * - `confirmEmail(db, token)` → 'confirmed' | 'invalid' | 'expired'
 * - `requestPasswordReset(db, email, ip)` → the email to send, or undefined
 * - `checkResetToken(db, token)`, `resetPassword(db, token, password)` (revokes every session)
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { toBool, toCount } from '../db/portability.ts';
import { accountAlreadyExists, accountConfirmation, type MailContent, passwordReset } from '../mail/templates.tsx';
import { hashPassword, passwordProblem } from './passwords.ts';
import { sessionIdOf } from './sessions.service.ts';
import * as q from './tokens.queries.ts';
import { checkEmail, findUserByEmail, normalizeEmail } from './users.service.ts';

export const CONFIRM_HOURS = 48;
export const RESET_MINUTES = 60;
/** Sign-up or reset requests allowed per IP address (and per email for resets) per hour. */
export const REQUEST_LIMIT = 5;
const HOUR_MS = 3_600_000;

export interface OutgoingMail {
  to: string;
  content: MailContent;
}

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const TOKEN = /^[a-z2-7]{32}$/;

/** Counts one request for each key; refuses when one of them reached the limit within the hour. */
async function rateLimited(db: Db, keys: string[], now: number): Promise<number | undefined> {
  const since = new Date(now - HOUR_MS).toISOString();
  for (const key of keys) {
    if (toCount((await q.countHits(db, key, since)).n) >= REQUEST_LIMIT) return 60;
  }
  for (const key of keys) await q.recordHit(db, key, new Date(now).toISOString());
  return undefined;
}

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  confirmation: string;
}
export type SignUpErrors = Partial<Record<keyof SignUpInput | 'form', string>>;

export function validateSignUp(input: SignUpInput): SignUpErrors {
  const errors: SignUpErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Saisissez votre nom (il est montré aux autres bénévoles).';
  else if (name.length > 100) errors.name = 'Nom trop long (100 caractères au plus).';
  if (!input.email.trim()) errors.email = 'Saisissez votre adresse électronique.';
  else if (input.email.length > 320 || checkEmail(input.email)) {
    errors.email = 'Adresse électronique invalide (exemple : prenom.nom@exemple.fr).';
  }
  const weak = passwordProblem(input.password, input.email.trim());
  if (weak) errors.password = weak;
  if (!errors.password && input.password !== input.confirmation) {
    errors.confirmation = 'Les deux mots de passe ne sont pas identiques.';
  }
  return errors;
}

export type SignUpResult =
  | { ok: true; mail: OutgoingMail }
  | { ok: false; errors: SignUpErrors; rateLimited?: boolean };

export async function signUp(
  db: Db,
  input: SignUpInput,
  ip: string,
  baseUrl: string,
  now = Date.now(),
): Promise<SignUpResult> {
  const errors = validateSignUp(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (await rateLimited(db, [`signup|${ip}`], now)) {
    return {
      ok: false,
      rateLimited: true,
      errors: { form: 'Trop de demandes d’inscription depuis cette adresse. Réessayez dans une heure.' },
    };
  }
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password); // same work whether or not the address is known
  const existing = await findUserByEmail(db, email);
  const ctx = { baseUrl };
  if (existing) {
    return {
      ok: true,
      mail: { to: email, content: accountAlreadyExists(ctx, { link: `${baseUrl}/mot-de-passe-oublie` }) },
    };
  }
  const userId = newId();
  try {
    await q.insertPendingUser(db, {
      id: userId,
      email,
      password_hash: passwordHash,
      role: 'volunteer',
      created_at: new Date(now).toISOString(),
      display_name: input.name.trim(),
    });
  } catch {
    // A concurrent sign-up with the same address won the unique constraint: same answer.
    return {
      ok: true,
      mail: { to: email, content: accountAlreadyExists(ctx, { link: `${baseUrl}/mot-de-passe-oublie` }) },
    };
  }
  const token = newToken();
  const expiresAt = new Date(now + CONFIRM_HOURS * HOUR_MS);
  await q.insertToken(db, {
    id: sessionIdOf(token),
    user_id: userId,
    purpose: 'confirm',
    created_at: new Date(now).toISOString(),
    expires_at: expiresAt.toISOString(),
  });
  const link = `${baseUrl}/inscription/confirmer?jeton=${token}`;
  return {
    ok: true,
    mail: { to: email, content: accountConfirmation(ctx, { name: input.name.trim(), link, expiresAt }) },
  };
}

export type TokenCheck = 'valid' | 'invalid' | 'expired';

async function lookup(db: Db, token: string, purpose: string, now: number) {
  if (!TOKEN.test(token)) return { state: 'invalid' as const };
  const row = await q.findToken(db, sessionIdOf(token), purpose);
  if (!row || row.used_at || toBool(row.disabled)) return { state: 'invalid' as const };
  if (Date.parse(row.expires_at) <= now) return { state: 'expired' as const };
  return { state: 'valid' as const, row };
}

export async function checkConfirmToken(db: Db, token: string, now = Date.now()): Promise<TokenCheck> {
  return (await lookup(db, token, 'confirm', now)).state;
}

export async function confirmEmail(db: Db, token: string, now = Date.now()): Promise<TokenCheck> {
  const found = await lookup(db, token, 'confirm', now);
  if (found.state !== 'valid') return found.state;
  const at = new Date(now).toISOString();
  if (!(await q.useToken(db, found.row.id, at))) return 'invalid';
  await q.confirmUser(db, found.row.user_id, at);
  return 'valid';
}

export type ResetRequestResult = { rateLimited: true } | { rateLimited: false; mail?: OutgoingMail };

export async function requestPasswordReset(
  db: Db,
  rawEmail: string,
  ip: string,
  baseUrl: string,
  now = Date.now(),
): Promise<ResetRequestResult> {
  const email = normalizeEmail(rawEmail);
  if (await rateLimited(db, [`reset|${ip}`, `reset|${email}`], now)) return { rateLimited: true };
  const user = await findUserByEmail(db, email);
  if (!user || user.disabled) return { rateLimited: false };
  const at = new Date(now).toISOString();
  await q.expireTokensOf(db, user.id, 'reset', at); // only the latest link works
  const token = newToken();
  const expiresAt = new Date(now + RESET_MINUTES * 60_000);
  await q.insertToken(db, {
    id: sessionIdOf(token),
    user_id: user.id,
    purpose: 'reset',
    created_at: at,
    expires_at: expiresAt.toISOString(),
  });
  const link = `${baseUrl}/mot-de-passe-oublie/nouveau?jeton=${token}`;
  return {
    rateLimited: false,
    mail: { to: email, content: passwordReset({ baseUrl }, { name: user.displayName ?? undefined, link, expiresAt }) },
  };
}

export async function checkResetToken(db: Db, token: string, now = Date.now()): Promise<TokenCheck> {
  return (await lookup(db, token, 'reset', now)).state;
}

export type ResetErrors = Partial<Record<'password' | 'confirmation' | 'form', string>>;

export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  confirmation: string,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; errors: ResetErrors; token?: TokenCheck }> {
  const found = await lookup(db, token, 'reset', now);
  if (found.state !== 'valid') return { ok: false, errors: {}, token: found.state };
  const weak = passwordProblem(password);
  if (weak) return { ok: false, errors: { password: weak } };
  if (password !== confirmation) {
    return { ok: false, errors: { confirmation: 'Les deux mots de passe ne sont pas identiques.' } };
  }
  const at = new Date(now).toISOString();
  if (!(await q.useToken(db, found.row.id, at))) return { ok: false, errors: {}, token: 'invalid' };
  await q.setPasswordHash(db, found.row.user_id, await hashPassword(password));
  await q.confirmUser(db, found.row.user_id, at); // the link proved the address
  await q.deleteSessionsOf(db, found.row.user_id);
  return { ok: true };
}
