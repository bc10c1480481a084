/**
 * Histories built from the audit log, shared by every domain that shows one (lists and persons in
 * candidates/, signatures in pledges/): entries newest first, the fields each changed with their
 * values before and after, and which entries a moderator may still undo (only the newest change of
 * each field, so that undoing never loses a later change).
 */
import type { Db } from '../db/connection.ts';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: string | null;
  /** The user's email when the actor is an account, else the actor as stored ("cli", an import…). */
  actorLabel: string;
  action: string;
  importId: string | null;
  changes: FieldChange[];
  /** Why (a moderator's reason, what the signatory did…), when recorded. */
  note?: string | null;
  /** A moderator may undo this entry. */
  revertible: boolean;
}

export const HISTORY_LIMIT = 200;

/** An audit value (JSON text) as an object of fields. */
export function parseAuditValue(value: string | null): Record<string, unknown> {
  if (value === null) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { valeur: parsed };
  } catch {
    return { valeur: value };
  }
}

/** The fields an entry changed, in a stable order (a created row has only "after", a deleted one only "before"). */
export function fieldChanges(before: string | null, after: string | null): FieldChange[] {
  const b = parseAuditValue(before);
  const a = parseAuditValue(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields
    .filter((field) => JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

/** The audit entries of one entity, newest first (none revertible yet: see markRevertible). */
export async function auditHistory(db: Db, entityType: string, entityId: string): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor')
    .select(['a.id', 'a.at', 'a.actor', 'u.email', 'a.action', 'a.import_id', 'a.before', 'a.after'])
    .where('a.entity_type', '=', entityType)
    .where('a.entity_id', '=', entityId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorLabel: row.email ?? row.actor,
    action: row.action,
    importId: row.import_id,
    changes: fieldChanges(row.before, row.after),
    revertible: false,
  }));
}

/** One audit entry, for a revert (undefined when unknown). */
export async function auditEntry(db: Db, id: string) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'entity_type', 'entity_id', 'action', 'before', 'after'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Entries sorted newest first; `candidate` says which kinds may be undone. An entry is revertible
 * when it is a candidate, changed something, and no newer entry changed one of its fields.
 */
export function markRevertible(entries: HistoryEntry[], candidate: (entry: HistoryEntry) => boolean): HistoryEntry[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const revertible = candidate(entry) && entry.changes.length > 0 && entry.changes.every((c) => !seen.has(c.field));
    for (const c of entry.changes) seen.add(c.field);
    return { ...entry, revertible };
  });
}

/** Newest first, whatever table each entry came from (ties: by id, as the audit log orders them). */
export function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((x, y) => (x.at === y.at ? y.id.localeCompare(x.id) : y.at.localeCompare(x.at)));
}
