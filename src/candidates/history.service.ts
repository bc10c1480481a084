/**
 * The history of a list or a person: every audited change (imports, moderators, merges), newest
 * first, with the fields before and after (privacy/audit-history.service builds it, for signatures
 * too); and the revert of a moderator's change — a list's edit or lock, a person's merge — itself
 * audited.
 */
import type { Db } from '../db/connection.ts';
import {
  auditEntry,
  auditHistory,
  type FieldChange,
  type HistoryEntry,
  markRevertible,
  parseAuditValue,
} from '../privacy/audit-history.service.ts';
import { editList, ModerationError, setListLocked, unmergePerson } from './moderation.service.ts';

export { fieldChanges } from '../privacy/audit-history.service.ts';
export type { FieldChange, HistoryEntry };

export type HistoryEntity = 'list' | 'person';

/** What a moderator may undo, per entity: a list's edits and locks (and their reverts), a person's merge. */
const REVERTIBLE_ACTIONS: Record<HistoryEntity, Set<string>> = {
  list: new Set(['moderate', 'lock', 'unlock', 'revert']),
  person: new Set(['merge']),
};

export async function historyOf(db: Db, entity: HistoryEntity, entityId: string): Promise<HistoryEntry[]> {
  const entries = await auditHistory(db, entity, entityId);
  return markRevertible(entries, (e) => REVERTIBLE_ACTIONS[entity].has(e.action));
}

const NOT_REVERTIBLE =
  'Cette modification ne peut pas être annulée : un champ a été modifié depuis (annulez d’abord la plus récente).';

/** Which entity an audit entry of the lists' and persons' histories belongs to (undefined: none of them). */
export async function historyEntityOf(
  db: Db,
  auditId: string,
): Promise<{ entity: HistoryEntity; entityId: string } | undefined> {
  const entry = await auditEntry(db, auditId);
  if (entry?.entity_type !== 'list' && entry?.entity_type !== 'person') return undefined;
  return { entity: entry.entity_type, entityId: entry.entity_id };
}

/**
 * Undoes a moderator's change of a list or a person (see REVERTIBLE_ACTIONS). Refused when a later
 * change touched the same fields (undo that one first). The revert goes through the same rules as
 * the change, so it is validated and audited like one.
 */
export async function revertChange(
  db: Db,
  auditId: string,
  actor: string,
): Promise<{ entity: HistoryEntity; entityId: string }> {
  const entry = await auditEntry(db, auditId);
  if (entry?.entity_type !== 'list' && entry?.entity_type !== 'person') {
    throw new ModerationError('modification introuvable');
  }
  const entity = entry.entity_type;
  const item = (await historyOf(db, entity, entry.entity_id)).find((h) => h.id === auditId);
  if (!item?.revertible) throw new ModerationError(NOT_REVERTIBLE);
  const before = parseAuditValue(entry.before);
  if (entity === 'person') {
    await unmergePerson(db, entry.entity_id, parseAuditValue(entry.after), before, actor);
    return { entity, entityId: entry.entity_id };
  }
  if ('locked' in before) {
    await setListLocked(db, entry.entity_id, before.locked === true, actor);
    return { entity, entityId: entry.entity_id };
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
  return { entity, entityId: entry.entity_id };
}

/** The revert of a list's change (kept for callers that only deal with lists). */
export async function revertListChange(db: Db, auditId: string, actor: string): Promise<{ listId: string }> {
  const found = await historyEntityOf(db, auditId);
  if (found?.entity !== 'list') throw new ModerationError('modification introuvable');
  return { listId: (await revertChange(db, auditId, actor)).entityId };
}
