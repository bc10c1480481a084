/**
 * Ambassadors (members of relay organisations who visit mairies) and the kit checklist.
 *
 * - `ambassadorsOfOrganisation(db, orgId)` → members flagged, each with their coverage zone
 * - `setAmbassador(db, orgId, userId, flag)`, `setAmbassadorZone(db, orgId, userId, text)`
 * - `ambassadorCounts(db)` → per organisation (public page)
 * - `kit(db)`, `addKitItem(db, label)`, `setKitItemActive(db, id, active)`
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso, toCount } from '../db/portability.ts';
import { organisationMembers } from '../outreach/organisations.service.ts';
import * as q from './ambassadors.queries.ts';

const KIND_LABELS: Record<string, string> = { commune: 'Commune', epci: 'EPCI / EPT', departement: 'Département' };

export async function ambassadorsOfOrganisation(db: Db, organisationId: string) {
  const [ambassadors, zones] = await Promise.all([
    q.ambassadorsOf(db, organisationId),
    q.zonesOfAmbassadors(db, organisationId),
  ]);
  return ambassadors.map((a) => ({ ...a, zone: zones.filter((z) => z.user_id === a.user_id) }));
}

export async function setAmbassador(db: Db, organisationId: string, userId: string, flag: boolean): Promise<void> {
  if (!flag) return q.removeAmbassador(db, organisationId, userId);
  const members = await organisationMembers(db, organisationId);
  if (!members.some((m) => m.user_id === userId)) throw new Error('Cette personne n’est pas membre de l’organisation.');
  await q.addAmbassador(db, organisationId, userId, nowIso());
}

/** Same syntax as an organisation's zone: `62498`, `epci:200027183`, `dep:62`; empty: the organisation's zone. */
export function parseZone(text: string): { entries: { kind: string; code: string }[] } | { error: string } {
  const entries: { kind: string; code: string }[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const token = raw.trim();
    if (!token) continue;
    const match = /^(?:(epci|dep|departement|commune)\s*:\s*)?([0-9AB][0-9AB]?[0-9]*)$/i.exec(token);
    if (!match) return { error: `Entrée de zone illisible : « ${token.slice(0, 40)} ».` };
    const prefix = match[1]?.toLowerCase();
    const kind = prefix === 'epci' ? 'epci' : prefix === 'dep' || prefix === 'departement' ? 'departement' : 'commune';
    const code = (match[2] ?? '').toUpperCase();
    if (!entries.some((e) => e.kind === kind && e.code === code)) entries.push({ kind, code });
  }
  return { entries };
}

export function zoneText(zone: { kind: string; code: string }[]): string {
  return zone
    .map((z) => (z.kind === 'epci' ? `epci:${z.code}` : z.kind === 'departement' ? `dep:${z.code}` : z.code))
    .join('\n');
}

export async function setAmbassadorZone(
  db: Db,
  organisationId: string,
  userId: string,
  text: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = parseZone(text);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  for (const kind of ['commune', 'epci', 'departement']) {
    const codes = parsed.entries.filter((e) => e.kind === kind).map((e) => e.code);
    const known = await q.existingCodes(db, kind, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) return { ok: false, error: `${KIND_LABELS[kind]} inconnu(e) : ${unknown.join(', ')}.` };
  }
  await q.replaceAmbassadorZone(db, organisationId, userId, parsed.entries);
  return { ok: true };
}

export async function ambassadorCounts(db: Db) {
  return (await q.ambassadorCounts(db)).map((r) => ({ ...r, n: toCount(r.n) }));
}

export const kit = (db: Db) => q.kitItems(db, { activeOnly: false });
export const activeKit = (db: Db) => q.kitItems(db, { activeOnly: true });

export async function addKitItem(db: Db, label: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const text = label.trim();
  if (!text) return { ok: false, error: 'Saisissez le point à ajouter.' };
  if (text.length > 300) return { ok: false, error: 'Point trop long (300 caractères au plus).' };
  await q.insertKitItem(db, { id: newId(), label: text, position: (await q.maxKitPosition(db)) + 10, active: 1 });
  return { ok: true };
}

export async function setKitItemActive(db: Db, id: string, active: boolean): Promise<void> {
  await q.setKitItemActive(db, id, active ? 1 : 0);
}
