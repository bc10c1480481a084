/**
 * The elected team's answers: a personal link (`/reponse/suivi/TOKEN`) lets them answer on each
 * item of their scorecard, without an account; their answer is shown beside the item.
 *
 * - `createAnswerLink(db, scorecardId, label, actor, days)` → the token (shown once; only its
 *   SHA-256 is stored), valid `days` days (default 180).
 * - `revokeAnswerLink(db, tokenId, actor)`; `answerLinksOf(db, scorecardId)`.
 * - `findAnswerLink(db, token)` → `{ status: 'ok', link } | { status: 'expired' | 'revoked' | 'invalid' }`.
 * - `answerItem(db, token, itemKey, body)` → ok or a French error. Every answer is audit logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import * as q from './answers.queries.ts';
import { audit } from './audit.queries.ts';
import { findItem } from './scorecards.queries.ts';

export const ANSWER_LINK_DAYS = 180;
const MAX_ANSWER = 4000;

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createAnswerLink(
  db: Db,
  scorecardId: string,
  label: string,
  actor: string,
  { days = ANSWER_LINK_DAYS, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<{ token: string; id: string; expiresAt: string }> {
  const token = randomBytes(24).toString('base64url');
  const id = newId();
  const row = {
    id,
    token_hash: hash(token),
    scorecard_id: scorecardId,
    label: label.trim().slice(0, 200) || 'Équipe élue',
    created_by: actor,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
    revoked_at: null,
    last_used_at: null,
  };
  await q.insertToken(db, row);
  await audit(db, {
    actor,
    action: 'followup.link.create',
    entityType: 'followup_token',
    entityId: id,
    before: null,
    after: { ...row, token_hash: undefined },
  });
  return { token, id, expiresAt: row.expires_at };
}

export async function revokeAnswerLink(db: Db, tokenId: string, actor: string): Promise<void> {
  const at = nowIso();
  await q.setTokenRevoked(db, tokenId, at);
  await audit(db, {
    actor,
    action: 'followup.link.revoke',
    entityType: 'followup_token',
    entityId: tokenId,
    before: null,
    after: { revoked_at: at },
  });
}

export async function answerLinksOf(db: Db, scorecardId: string) {
  return q.tokensOf(db, scorecardId);
}

export type AnswerLinkLookup = { status: 'ok'; link: q.TokenRow } | { status: 'expired' | 'revoked' | 'invalid' };

export async function findAnswerLink(db: Db, token: string, now = new Date()): Promise<AnswerLinkLookup> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { status: 'invalid' };
  const link = await q.findTokenByHash(db, hash(token));
  if (!link) return { status: 'invalid' };
  if (link.revoked_at) return { status: 'revoked' };
  if (link.expires_at <= now.toISOString()) return { status: 'expired' };
  return { status: 'ok', link };
}

export async function answerItem(
  db: Db,
  token: string,
  itemKey: string,
  body: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const found = await findAnswerLink(db, token);
  if (found.status !== 'ok') return { ok: false, error: 'Ce lien n’est plus valable : demandez-en un nouveau.' };
  const text = body.trim();
  if (!text) return { ok: false, error: 'Écrivez votre réponse.' };
  if (text.length > MAX_ANSWER) return { ok: false, error: 'Réponse trop longue (4 000 caractères au plus).' };
  if (!(await findItem(db, found.link.scorecard_id, itemKey))) return { ok: false, error: 'Élément inconnu.' };
  const at = nowIso();
  const row = {
    id: newId(),
    scorecard_id: found.link.scorecard_id,
    item_key: itemKey,
    body: text,
    token_id: found.link.id,
    answered_at: at,
  };
  await q.insertAnswer(db, row);
  await q.touchToken(db, found.link.id, at);
  await audit(db, {
    actor: `lien:${found.link.id}`,
    action: 'followup.answer',
    entityType: 'followup_item',
    entityId: `${row.scorecard_id}:${itemKey}`,
    before: null,
    after: row,
  });
  return { ok: true };
}
