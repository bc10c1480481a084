import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';

/** One audit-log row: who, when, what, before/after (JSON). Every follow-up change writes one. */
export async function audit(
  db: Db,
  entry: { actor: string; action: string; entityType: string; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
      import_id: null,
    })
    .execute();
}

export async function auditEntries(db: Db, entityType: string, entityIdPrefix: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', 'like', `${entityIdPrefix}%`)
    .orderBy('at')
    .execute();
}
