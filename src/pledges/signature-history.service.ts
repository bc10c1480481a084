/**
 * The history of a signature for moderators: every change of state (signature_events: received,
 * confirmed, published, refused, withdrawn, merged, re-linked, document…) and every audited change of
 * its fields (audit_log: a moderator's correction, the signatory's correction or deletion on
 * /mes-donnees), newest first, in the same shape as the lists' and persons' histories
 * (privacy/audit-history.service). A moderator may undo the newest decision (its state) or correction
 * (its fields); the undo is itself recorded.
 */
import { accountEmails } from '../accounts/users.service.ts';
import type { Db } from '../db/connection.ts';
import {
  auditEntry,
  auditHistory,
  type HistoryEntry,
  markRevertible,
  newestFirst,
  parseAuditValue,
} from '../privacy/audit-history.service.ts';
import {
  CORRECTABLE,
  type CorrectableField,
  correctSignatureByModerator,
  DECISION_REVERTED,
  eventsOf,
  getSignature,
  revertStateChange,
  type Signature,
  SignatureError,
  type SignatureEvent,
  STATE_LABELS,
} from './signatures.service.ts';

/** Entry ids say which table they come from: « e.<event id> » or « a.<audit id> ». */
const EVENT = 'e.';
const AUDIT = 'a.';
const STATE_FIELD = 'état';

function eventAction(e: SignatureEvent): string {
  if (e.from === null) return 'received';
  if (e.from === e.to) return 'noted';
  if (e.reason?.startsWith(DECISION_REVERTED)) return 'decision-reverted';
  if (e.from === 'pending_confirmation' && e.to === 'to_verify' && e.actor === null) return 'confirmed';
  return e.to;
}

function fromEvent(e: SignatureEvent, emails: Map<string, string>): HistoryEntry {
  return {
    id: `${EVENT}${e.id}`,
    at: e.at,
    actor: e.actor,
    actorLabel: e.actor ? (emails.get(e.actor) ?? e.actor) : 'le signataire ou le système',
    action: eventAction(e),
    importId: null,
    changes:
      e.from === e.to
        ? []
        : [{ field: STATE_FIELD, before: e.from && STATE_LABELS[e.from], after: STATE_LABELS[e.to] }],
    note: e.reason,
    revertible: false,
  };
}

/** A moderator's decision (not the signatory's confirmation, not an undo) or correction. */
function undoable(entry: HistoryEntry): boolean {
  if (entry.id.startsWith(AUDIT)) return entry.action === 'moderate';
  return entry.actor !== null && ['published', 'rejected', 'withdrawn', 'to_verify'].includes(entry.action);
}

export interface SignatureHistory {
  /** Undefined when the signature was deleted (its audited changes remain). */
  signature: Signature | undefined;
  entries: HistoryEntry[];
}

export async function signatureHistory(db: Db, id: string): Promise<SignatureHistory> {
  const [signature, events, audits] = await Promise.all([
    getSignature(db, id),
    eventsOf(db, id),
    auditHistory(db, 'signature', id),
  ]);
  const emails = await accountEmails(
    db,
    events.map((e) => e.actor),
  );
  const entries = newestFirst([
    ...events.map((e) => fromEvent(e, emails)),
    ...audits.map((a) => ({ ...a, id: `${AUDIT}${a.id}` })),
  ]);
  return { signature, entries: signature ? markRevertible(entries, undoable) : entries };
}

/**
 * Undoes one entry of a signature's history: a decision goes back to the state before it
 * (signatures.service revertStateChange), a correction puts the values before it back (through the
 * same correction, so validated and audited). Refused, in French, when the entry is not the newest
 * change of what it changed.
 */
export async function revertSignatureEntry(db: Db, id: string, entryId: string, actor: string): Promise<void> {
  const { entries } = await signatureHistory(db, id);
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) throw new SignatureError('Modification introuvable.');
  if (!entry.revertible) {
    throw new SignatureError(
      'Cette modification ne peut pas être annulée : la signature a changé depuis (annulez d’abord la plus récente).',
    );
  }
  if (entryId.startsWith(EVENT)) {
    await revertStateChange(db, id, entryId.slice(EVENT.length), actor);
    return;
  }
  const audit = await auditEntry(db, entryId.slice(AUDIT.length));
  if (audit?.entity_type !== 'signature' || audit.entity_id !== id)
    throw new SignatureError('Modification introuvable.');
  const before = parseAuditValue(audit.before);
  const restored = Object.fromEntries(
    Object.keys(CORRECTABLE)
      .filter((f) => f in before)
      .map((f) => [f, String(before[f] ?? '')]),
  ) as Partial<Record<CorrectableField, string>>;
  const result = await correctSignatureByModerator(db, id, restored, actor);
  if ('errors' in result) throw new SignatureError(Object.values(result.errors).join(' '));
}
