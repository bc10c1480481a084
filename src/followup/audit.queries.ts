import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** One audit-log row: who, when, what, before/after (JSON). Every follow-up change writes one. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditMany(db, [entry]);
}

/** Several audit-log rows in one statement (a results file flags thousands of lists at once). */
export async function auditMany(db: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = nowIso();
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        id: newId(),
        at,
        actor: entry.actor,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        before: json(entry.before),
        after: json(entry.after),
        import_id: null,
      })),
    )
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
