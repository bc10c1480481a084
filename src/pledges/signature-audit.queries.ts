import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';

/** A moderator's change of a signature's fields, with the values before and after (audit_log). */
export async function insertSignatureAudit(
  db: Db,
  entry: { actor: string; action: string; signatureId: string; before: unknown; after: unknown; at: string },
) {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity_type: 'signature',
      entity_id: entry.signatureId,
      before: JSON.stringify(entry.before),
      after: JSON.stringify(entry.after),
      import_id: null,
    })
    .execute();
}
