/**
 * The history of a list or a person: every audited change (imports, moderators, merges), newest
 * first, with the fields before and after; and the revert of a moderator's edit of a list, itself
 * audited. Other kinds of history live with their domain (signature_events for signatures).
 */
import type { Db } from '../db/connection.ts';
import { editList, ModerationError, setListLocked } from './moderation.service.ts';

export type HistoryEntity = 'list' | 'person';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: string;
  /** The user's email when the actor is an account, else the actor as stored ("cli", an import…). */
  actorLabel: string;
  action: string;
  importId: string | null;
  changes: FieldChange[];
  /** A moderator may undo this entry (a list edit or lock whose fields were not changed since). */
  revertible: boolean;
}

const REVERTIBLE_ACTIONS = new Set(['moderate', 'lock', 'unlock', 'revert']);
const HISTORY_LIMIT = 200;

function parse(value: string | null): Record<string, unknown> {
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
  const b = parse(before);
  const a = parse(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields
    .filter((field) => JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

export async function historyOf(db: Db, entity: HistoryEntity, entityId: string): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor')
    .select(['a.id', 'a.at', 'a.actor', 'u.email', 'a.action', 'a.import_id', 'a.before', 'a.after'])
    .where('a.entity_type', '=', entity)
    .where('a.entity_id', '=', entityId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  // Only the newest change of each field can be undone without losing a later one.
  const seen = new Set<string>();
  return rows.map((row) => {
    const changes = fieldChanges(row.before, row.after);
    const revertible =
      entity === 'list' &&
      REVERTIBLE_ACTIONS.has(row.action) &&
      changes.length > 0 &&
      changes.every((c) => !seen.has(c.field));
    for (const c of changes) seen.add(c.field);
    return {
      id: row.id,
      at: row.at,
      actor: row.actor,
      actorLabel: row.email ?? row.actor,
      action: row.action,
      importId: row.import_id,
      changes,
      revertible,
    };
  });
}

/**
 * Puts back the values a list edit or lock replaced. Refused when a later change touched the same
 * fields (undo that one first). The revert goes through the same rules as an edit, so it is
 * validated and audited like one (action "moderate" / "lock" / "unlock").
 */
export async function revertListChange(db: Db, auditId: string, actor: string): Promise<{ listId: string }> {
  const entry = await db
    .selectFrom('audit_log')
    .select(['entity_type', 'entity_id', 'action', 'before', 'after'])
    .where('id', '=', auditId)
    .executeTakeFirst();
  if (entry?.entity_type !== 'list') throw new ModerationError('modification introuvable');
  const history = await historyOf(db, 'list', entry.entity_id);
  const item = history.find((h) => h.id === auditId);
  if (!item?.revertible) {
    throw new ModerationError(
      'Cette modification ne peut pas être annulée : un champ a été modifié depuis (annulez d’abord la plus récente).',
    );
  }
  const before = parse(entry.before);
  if ('locked' in before) {
    await setListLocked(db, entry.entity_id, before.locked === true, actor);
    return { listId: entry.entity_id };
  }
  const current = await db
    .selectFrom('lists')
    .select(['short_name', 'website'])
    .where('id', '=', entry.entity_id)
    .executeTakeFirst();
  if (!current) throw new ModerationError('liste introuvable');
  const restored = {
    short_name: String(before.short_name ?? current.short_name),
    website: String(('website' in before ? before.website : current.website) ?? ''),
  };
  const result = await editList(db, entry.entity_id, restored, actor);
  if ('errors' in result) throw new ModerationError(Object.values(result.errors).join(' '));
  return { listId: entry.entity_id };
}
