/**
 * An account's personal data, for its owner's rights (privacy/): read it by email, or erase it.
 * Erasing keeps the account row (the work logged by the volunteer stays attributed to « compte
 * supprimé ») but removes the email, name and password, disables it and ends its sessions.
 */
import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import * as q from './users.queries.ts';
import { normalizeEmail } from './users.service.ts';

export interface AccountData {
  id: string;
  email: string;
  role: string;
  displayName: string | null;
  createdAt: string;
  confirmedAt: string | null;
  disabled: boolean;
}

export async function accountOfEmail(db: Db, email: string): Promise<AccountData | undefined> {
  const row = await q.accountRowByEmail(db, normalizeEmail(email));
  if (!row) return undefined;
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    displayName: row.display_name,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    disabled: toBool(row.disabled),
  };
}

/** Removes the account's email, name and password, disables it, ends its sessions. */
export async function anonymiseAccount(db: Db, id: string): Promise<void> {
  await db.transaction().execute((trx) => q.anonymiseUserRow(trx, id));
}
