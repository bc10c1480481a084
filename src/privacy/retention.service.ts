/**
 * Retention: the contact data (phone, email) of candidates and signatories is anonymised
 * automatically N months after the last round of their election (setting `privacy_retention_months`,
 * default 6). `pacte privacy purge [--dry-run]` applies it (run it daily).
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { getSetting } from '../db/settings.ts';
import { eraseLetterEmailsOfElections } from '../outreach/contacts.service.ts';
import { deleteDocument } from '../pledges/documents.storage.ts';
import {
  countUnconfirmedToPurge,
  eraseContactDataOfElections,
  purgeUnconfirmedSignatures,
} from '../pledges/signatures.service.ts';
import * as q from './privacy.queries.ts';

export const RETENTION_SETTING = 'privacy_retention_months';
export const DEFAULT_RETENTION_MONTHS = 6;

export class RetentionError extends Error {}

export async function retentionMonths(db: Db): Promise<number> {
  const stored = await getSetting(db, RETENTION_SETTING);
  const n = stored === undefined ? Number.NaN : Number(stored);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_RETENTION_MONTHS;
}

export async function setRetentionMonths(db: Db, months: number): Promise<void> {
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    throw new RetentionError('la durée de conservation est un nombre entier de mois entre 1 et 120');
  }
  await q.setSetting(db, RETENTION_SETTING, String(months));
}

/** The day the contact data of an election ends: its last round plus `months`. */
export function retentionEnd(lastRound: string, months: number): Date {
  const d = new Date(`${lastRound}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export interface PurgeReport {
  months: number;
  dryRun: boolean;
  /** Elections whose retention period is over. */
  elections: { id: string; name: string; lastRound: string }[];
  /** Signatures whose phone and email were (or would be) erased. */
  signatures: number;
  /** Letters emailed to candidates whose address was (or would be) erased. */
  letters: number;
  /** Online signatures never confirmed, deleted 30 days after their link expired. */
  unconfirmed: number;
}

export async function purge(
  db: Db,
  {
    dryRun = false,
    months,
    now = new Date(),
    documentsDir,
  }: { dryRun?: boolean; months?: number; now?: Date; documentsDir?: string } = {},
): Promise<PurgeReport> {
  const period = months ?? (await retentionMonths(db));
  const elections = (await q.lastRounds(db))
    .filter((e) => e.last_round && retentionEnd(String(e.last_round), period) <= now)
    .map((e) => ({ id: e.id, name: e.name, lastRound: String(e.last_round) }));
  const ids = elections.map((e) => e.id);
  const signatures = await eraseContactDataOfElections(db, ids, { dryRun, now });
  const letters = await eraseLetterEmailsOfElections(db, ids, dryRun);
  let unconfirmed: number;
  if (dryRun) unconfirmed = await countUnconfirmedToPurge(db, { now });
  else {
    const purged = await purgeUnconfirmedSignatures(db, { now });
    unconfirmed = purged.deleted;
    if (documentsDir) for (const path of purged.documentPaths) await deleteDocument(documentsDir, path);
  }
  if (!dryRun && signatures + letters + unconfirmed > 0) {
    await q.insertAudit(db, {
      id: newId(),
      at: now.toISOString(),
      actor: 'système (conservation)',
      action: 'privacy.purge',
      entity_type: 'election',
      entity_id: ids.join(','),
      before: null,
      after: JSON.stringify({ months: period, signatures, letters, unconfirmed }),
      import_id: null,
    });
  }
  return { months: period, dryRun, elections, signatures, letters, unconfirmed };
}
