/**
 * Reservations: a volunteer holds a target so that two people do not call the same candidate.
 * A reservation expires after `reservationDays(db)` days (setting `outreach.reservation_days`,
 * default 7) unless a contact is logged, which makes it permanent.
 *
 * - `reserve(db, user, target, now?)` → `Reservation`; 409 OutreachError naming the holder and the end date
 * - `release(db, user, target)` — the holder, or a coordinator/admin
 * - `currentReservation(db, target, now?)` → the active reservation or undefined
 * - `holdForContact(db, user, target, now?)` — used by logContact: reserve permanently (or refuse)
 * - `reservationDays(db)`, `setReservationDays(db, text)` (1–90 days)
 */
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { getSetting } from '../db/settings.ts';
import { OutreachError } from './errors.ts';
import * as q from './reservations.queries.ts';
import { assertInZone, type Target } from './targets.service.ts';

export const RESERVATION_DAYS_SETTING = 'outreach.reservation_days';
export const DEFAULT_RESERVATION_DAYS = 7;
const DAY_MS = 86_400_000;

export async function reservationDays(db: Db): Promise<number> {
  const value = Number(await getSetting(db, RESERVATION_DAYS_SETTING));
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_RESERVATION_DAYS;
}

export interface Reservation {
  userId: string;
  holder: string;
  reservedAt: string;
  /** null: permanent (a contact was logged). */
  expiresAt: string | null;
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
export function formatDay(iso: string): string {
  return dateFormat.format(new Date(iso));
}

function active(row: { expires_at: string | null } | undefined, now: number): boolean {
  return row !== undefined && (row.expires_at === null || Date.parse(row.expires_at) > now);
}

function toReservation(row: NonNullable<Awaited<ReturnType<typeof q.findReservation>>>): Reservation {
  return {
    userId: row.user_id,
    holder: row.display_name || row.email,
    reservedAt: row.reserved_at,
    expiresAt: row.expires_at,
  };
}

function heldMessage(target: Target, r: Reservation): string {
  return r.expiresAt
    ? `« ${target.label} » est déjà réservée par ${r.holder} jusqu’au ${formatDay(r.expiresAt)}.`
    : `« ${target.label} » est déjà suivie par ${r.holder} (un contact a été enregistré).`;
}

export async function currentReservation(db: Db, target: Target, now = Date.now()): Promise<Reservation | undefined> {
  const row = await q.findReservation(db, target.type, target.id);
  return row && active(row, now) ? toReservation(row) : undefined;
}

async function take(
  db: Db,
  user: { id: string },
  target: Target,
  expiresAt: string | null,
  now: number,
  organisationId: string | null,
): Promise<Reservation> {
  const existing = await q.findReservation(db, target.type, target.id);
  if (existing && active(existing, now) && existing.user_id !== user.id) {
    throw new OutreachError(409, heldMessage(target, toReservation(existing)));
  }
  const keepPermanent = existing?.user_id === user.id && existing.expires_at === null;
  const row = {
    target_type: target.type,
    target_id: target.id,
    ballot_id: target.ballotId,
    user_id: user.id,
    organisation_id: organisationId ?? existing?.organisation_id ?? null,
    reserved_at: existing?.user_id === user.id ? existing.reserved_at : new Date(now).toISOString(),
    expires_at: keepPermanent ? null : expiresAt,
  };
  let ok: boolean;
  if (existing) {
    ok = await q.replaceReservation(db, row, existing);
  } else {
    try {
      await q.insertReservation(db, row);
      ok = true;
    } catch {
      ok = false; // someone else inserted it first (primary key)
    }
  }
  const current = await q.findReservation(db, target.type, target.id);
  if (!ok || !current || current.user_id !== user.id) {
    if (current && active(current, now)) throw new OutreachError(409, heldMessage(target, toReservation(current)));
    throw new OutreachError(409, `La réservation de « ${target.label} » a changé entre-temps : réessayez.`);
  }
  return toReservation(current);
}

export async function reserve(
  db: Db,
  user: { id: string; role: Role },
  target: Target,
  options: { now?: number; organisationId?: string | null } = {},
): Promise<Reservation> {
  const now = options.now ?? Date.now();
  await assertInZone(db, user, target);
  const days = await reservationDays(db);
  return take(db, user, target, new Date(now + days * DAY_MS).toISOString(), now, options.organisationId ?? null);
}

/** Logging a contact holds the target for good (refused when someone else holds it). */
export async function holdForContact(
  db: Db,
  user: { id: string },
  target: Target,
  options: { now?: number; organisationId?: string | null } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  await take(db, user, target, null, now, options.organisationId ?? null);
  await q.makePermanent(db, target.type, target.id, user.id);
}

export async function release(db: Db, user: { id: string; role: Role }, target: Target): Promise<void> {
  const existing = await q.findReservation(db, target.type, target.id);
  if (!existing) return;
  if (existing.user_id !== user.id && user.role !== 'coordinator' && user.role !== 'admin') {
    throw new OutreachError(
      403,
      'Seule la personne qui a réservé (ou la coordination) peut libérer cette réservation.',
    );
  }
  await q.deleteReservation(db, target.type, target.id);
}

export const reservationsOfUser = (db: Db, userId: string, now = Date.now()) =>
  q.reservationsOfUser(db, userId, new Date(now).toISOString());

export async function setReservationDays(db: Db, text: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const days = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || days < 1 || days > 90) {
    return { ok: false, error: 'Saisissez un nombre entier de jours entre 1 et 90.' };
  }
  await q.saveSetting(db, RESERVATION_DAYS_SETTING, String(days));
  return { ok: true };
}
