/**
 * Personal data of mairie contacts is kept only while it serves: a request never confirmed is
 * deleted 30 days after its link expired; the contact of a request closed (suivie or abandonnée)
 * for two years is erased, the public record (commune, dates, organisation) staying. Run daily by
 * `pacte ambassadors remind`.
 */
import type { Db } from '../db/connection.ts';
import * as q from './ambassadors.queries.ts';

export const UNCONFIRMED_GRACE_DAYS = 30;
export const CLOSED_RETENTION_DAYS = 730;

export async function applyRetention(db: Db, now = new Date()): Promise<{ deleted: number; anonymised: number }> {
  const day = 86_400_000;
  const deleted = await q.deleteUnconfirmedBefore(
    db,
    new Date(now.getTime() - UNCONFIRMED_GRACE_DAYS * day).toISOString(),
  );
  const anonymised = await q.anonymiseClosedBefore(
    db,
    new Date(now.getTime() - CLOSED_RETENTION_DAYS * day).toISOString(),
  );
  return { deleted, anonymised };
}

/** Personal-data rights (privacy/): the visit requests made with this email (lower case). */
export function visitRequestsOfEmail(db: Db, email: string) {
  return q.requestsByEmail(db, email);
}

/** The mairie contact erases their details from their requests; returns how many requests. */
export async function eraseVisitRequestContacts(db: Db, email: string): Promise<number> {
  const ids = (await q.requestsByEmail(db, email)).map((r) => r.id);
  await db.transaction().execute((trx) => q.eraseRequestContacts(trx, ids));
  return ids.length;
}
