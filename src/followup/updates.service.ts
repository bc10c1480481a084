/**
 * Who changes a scorecard, and how every change is kept.
 *
 * - `proposeUpdate(db, user, input)` — a volunteer of a relay organisation whose zone covers the
 *   collectivity (outreach: zoneScopeOf; moderators and admins everywhere) proposes a status with
 *   evidence; it waits for a moderator ('pending').
 * - `publishUpdate(db, updateId, moderator)` / `rejectUpdate(db, updateId, moderator, reason)` —
 *   publishing applies it to the item (optimistic version: a change published in between makes it
 *   refuse), recomputes the level, and appends it to the public timeline.
 * - `applyPublishedUpdate(db, ...)` — used by publishUpdate and the CSV bulk update.
 * Every change writes an audit_log row: who, when, before/after.
 */
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import { zoneScopeOf } from '../outreach/organisations.service.ts';
import { audit } from './audit.queries.ts';
import { type Evidence, type EvidenceErrors, type EvidenceInput, validateEvidence } from './evidence.ts';
import * as q from './scorecards.queries.ts';
import { recomputeProgress } from './scorecards.service.ts';

export class FollowupError extends Error {}

export interface Actor {
  id: string;
  role: Role;
}

/** May this account propose updates for this scorecard? (zone of their organisations) */
export async function mayPropose(db: Db, user: Actor, scorecardId: string): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'moderator') return true;
  return q.scorecardInZone(db, await zoneScopeOf(db, user), scorecardId);
}

export type ProposeResult = { ok: true; updateId: string } | { ok: false; errors: EvidenceErrors & { form?: string } };

export async function proposeUpdate(
  db: Db,
  user: Actor,
  input: EvidenceInput & { scorecardId: string; itemKey: string; organisationId?: string | null },
): Promise<ProposeResult> {
  const item = await q.findItem(db, input.scorecardId, input.itemKey);
  if (!item) return { ok: false, errors: { form: 'Élément de suivi inconnu.' } };
  if (!(await mayPropose(db, user, input.scorecardId))) {
    return { ok: false, errors: { form: 'Cette collectivité n’est pas dans la zone de vos organisations.' } };
  }
  const checked = validateEvidence(input);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const id = newId();
  const row: q.UpdateRow = {
    id,
    scorecard_id: input.scorecardId,
    item_key: input.itemKey,
    status: checked.value.status,
    previous_status: item.status,
    evidence_url: checked.value.evidenceUrl,
    evidence_document: checked.value.evidenceDocument,
    evidence_date: checked.value.evidenceDate,
    note: checked.value.note,
    source: 'volunteer',
    proposed_by: user.id,
    organisation_id: input.organisationId ?? null,
    state: 'pending',
    moderated_by: null,
    moderated_at: null,
    reason: null,
    created_at: nowIso(),
    published_at: null,
  };
  await q.insertUpdate(db, row);
  await audit(db, {
    actor: user.id,
    action: 'followup.propose',
    entityType: 'followup_update',
    entityId: id,
    before: null,
    after: row,
  });
  return { ok: true, updateId: id };
}

/** Writes an evidence-backed status on an item (inside a transaction); returns the item before. */
export async function applyToItem(
  db: Db,
  actor: string,
  scorecardId: string,
  itemKey: string,
  evidence: Evidence,
  at: string,
): Promise<q.ItemRow> {
  const item = await q.findItem(db, scorecardId, itemKey);
  if (!item) throw new FollowupError('élément de suivi inconnu');
  const values = {
    status: evidence.status,
    evidence_url: evidence.evidenceUrl,
    evidence_document: evidence.evidenceDocument,
    evidence_date: evidence.evidenceDate,
    note: evidence.note,
    updated_at: at,
    updated_by: actor,
  };
  if (!(await q.updateItem(db, scorecardId, itemKey, Number(item.version), values))) {
    throw new FollowupError('l’élément a été modifié entre-temps ; rechargez la page');
  }
  await audit(db, {
    actor,
    action: 'followup.item',
    entityType: 'followup_item',
    entityId: `${scorecardId}:${itemKey}`,
    before: item,
    after: { ...item, ...values, version: Number(item.version) + 1 },
  });
  return item;
}

export async function publishUpdate(db: Db, updateId: string, moderator: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const update = await q.findUpdate(trx, updateId);
    if (update?.state !== 'pending') throw new FollowupError('proposition introuvable ou déjà traitée');
    const at = nowIso();
    const before = await applyToItem(
      trx,
      moderator.id,
      update.scorecard_id,
      update.item_key,
      {
        status: update.status as Evidence['status'],
        evidenceUrl: update.evidence_url,
        evidenceDocument: update.evidence_document,
        evidenceDate: update.evidence_date,
        note: update.note,
      },
      at,
    );
    const values = {
      state: 'published',
      moderated_by: moderator.id,
      moderated_at: at,
      reason: null,
      published_at: at,
      previous_status: before.status,
    };
    if (!(await q.setUpdateState(trx, updateId, values))) throw new FollowupError('proposition déjà traitée');
    await audit(trx, {
      actor: moderator.id,
      action: 'followup.publish',
      entityType: 'followup_update',
      entityId: updateId,
      before: update,
      after: { ...update, ...values },
    });
    await recomputeProgress(trx, update.scorecard_id);
  });
}

export async function rejectUpdate(db: Db, updateId: string, moderator: Actor, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const update = await q.findUpdate(trx, updateId);
    if (update?.state !== 'pending') throw new FollowupError('proposition introuvable ou déjà traitée');
    const values = {
      state: 'rejected',
      moderated_by: moderator.id,
      moderated_at: nowIso(),
      reason: reason.trim().slice(0, 1000) || null,
      published_at: null,
      previous_status: update.previous_status,
    };
    if (!(await q.setUpdateState(trx, updateId, values))) throw new FollowupError('proposition déjà traitée');
    await audit(trx, {
      actor: moderator.id,
      action: 'followup.reject',
      entityType: 'followup_update',
      entityId: updateId,
      before: update,
      after: { ...update, ...values },
    });
  });
}

/** A published change that did not go through a proposal (CSV bulk update): timeline row + item. */
export async function applyPublishedUpdate(
  db: Db,
  actor: string,
  source: 'bulk' | 'moderator',
  scorecardId: string,
  itemKey: string,
  evidence: Evidence,
): Promise<void> {
  const at = nowIso();
  const before = await applyToItem(db, actor, scorecardId, itemKey, evidence, at);
  await q.insertUpdate(db, {
    id: newId(),
    scorecard_id: scorecardId,
    item_key: itemKey,
    status: evidence.status,
    previous_status: before.status,
    evidence_url: evidence.evidenceUrl,
    evidence_document: evidence.evidenceDocument,
    evidence_date: evidence.evidenceDate,
    note: evidence.note,
    source,
    proposed_by: actor,
    organisation_id: null,
    state: 'published',
    moderated_by: actor,
    moderated_at: at,
    reason: null,
    created_at: at,
    published_at: at,
  });
}

export { pendingProposals } from './scorecards.service.ts';
