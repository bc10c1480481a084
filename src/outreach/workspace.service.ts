/**
 * The volunteer workspace and the coordination views, computed from the zone.
 *
 * - `workspacePage(db, scope, filters, page)` → rows with their `TargetStatus`, total, page count
 * - `coverage(db, scope)` → totals and by nuance / by ballot (commune or circonscription)
 * - `campaignReach(db)` → contacted / answered by ballot and nuance, whole campaign (public statistics)
 * - `unassignedHeads(db, scope)` → targets nobody reserved or contacted
 * - `volunteerActivity(db, organisationId)`, `zoneContactLog(db, scope)`
 * - `organisationPublicActions(db, organisationId, limit)`, `organisationCounts(db, organisationId)`
 */
import type { Db } from '../db/connection.ts';
import { toBool, toCount } from '../db/portability.ts';
import * as q from './workspace.queries.ts';
import type { ZoneScope } from './zone.ts';

export type { WorkspaceFilters } from './workspace.queries.ts';

export const PAGE_SIZE = 50;

export type TargetStatus =
  | { kind: 'non-contacte' }
  | { kind: 'reserve'; by: string; byId: string; until: string | null }
  | { kind: 'contacte' }
  | { kind: 'repondu' }
  | { kind: 'signe' };

export const STATUS_LABELS: Record<TargetStatus['kind'], string> = {
  'non-contacte': 'non contacté',
  reserve: 'réservé',
  contacte: 'contacté',
  repondu: 'a répondu',
  signe: 'signé',
};

function statusOf(row: {
  signed: unknown;
  answered: unknown;
  contacted: unknown;
  reserved_by?: string | null;
  reserved_by_name?: string | null;
  reserved_by_email?: string | null;
  reserved_until?: string | null;
}): TargetStatus {
  if (toBool(row.signed)) return { kind: 'signe' };
  if (toBool(row.answered)) return { kind: 'repondu' };
  if (toBool(row.contacted)) return { kind: 'contacte' };
  if (row.reserved_by) {
    return {
      kind: 'reserve',
      by: row.reserved_by_name || row.reserved_by_email || '?',
      byId: row.reserved_by,
      until: row.reserved_until ?? null,
    };
  }
  return { kind: 'non-contacte' };
}

export async function workspacePage(db: Db, scope: ZoneScope, filters: q.WorkspaceFilters, pageNumber: number) {
  const total = toCount((await q.countWorkspaceRows(db, scope, filters)).n);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, pageNumber), pages);
  const rows = await q.workspaceRows(
    db,
    scope,
    filters,
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    new Date().toISOString(),
  );
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({ ...r, head: toBool(r.head), status: statusOf(r) })),
  };
}
export type WorkspaceRow = Awaited<ReturnType<typeof workspacePage>>['rows'][number];

export interface CoverageCounts {
  total: number;
  reserved: number;
  contacted: number;
  answered: number;
  signed: number;
}

function emptyCounts(): CoverageCounts {
  return { total: 0, reserved: 0, contacted: 0, answered: 0, signed: 0 };
}

function add(counts: CoverageCounts, row: q.ZoneTargetRow) {
  counts.total++;
  if (toBool(row.reserved)) counts.reserved++;
  if (toBool(row.contacted)) counts.contacted++;
  if (toBool(row.answered)) counts.answered++;
  if (toBool(row.signed)) counts.signed++;
}

export async function coverage(db: Db, scope: ZoneScope) {
  const targets = await q.zoneTargets(db, scope, new Date().toISOString());
  const all = emptyCounts();
  const byNuance = new Map<string, CoverageCounts>();
  const byBallot = new Map<string, CoverageCounts & { name: string }>();
  for (const t of targets) {
    add(all, t);
    const nuance = t.nuance_code ?? '—';
    if (!byNuance.has(nuance)) byNuance.set(nuance, emptyCounts());
    add(byNuance.get(nuance) as CoverageCounts, t);
    if (!byBallot.has(t.ballot_id)) byBallot.set(t.ballot_id, { ...emptyCounts(), name: t.ballot_name });
    add(byBallot.get(t.ballot_id) as CoverageCounts, t);
  }
  return {
    all,
    byNuance: [...byNuance].map(([nuance, counts]) => ({ nuance, ...counts })).sort((a, b) => b.total - a.total),
    byBallot: [...byBallot].map(([ballotId, counts]) => ({ ballotId, ...counts })),
  };
}
export type Coverage = Awaited<ReturnType<typeof coverage>>;

/**
 * Lists (and candidacies without a list) contacted and answered in the whole campaign, by ballot and
 * by nuance: the figures of `coverage(db, { all: true })` the public statistics need, from one
 * aggregate query over the contacts and responses rather than every target of the country.
 */
export async function campaignReach(db: Db) {
  const byNuance = new Map<string, { contacted: number; answered: number }>();
  const byBallot = new Map<string, { contacted: number; answered: number }>();
  for (const row of await q.touchedTargetCounts(db)) {
    const contacted = toCount(row.contacted);
    const answered = toCount(row.answered);
    for (const [map, key] of [
      [byNuance, row.nuance_code ?? '—'],
      [byBallot, row.ballot_id],
    ] as const) {
      const counts = map.get(key) ?? { contacted: 0, answered: 0 };
      counts.contacted += contacted;
      counts.answered += answered;
      map.set(key, counts);
    }
  }
  return {
    byBallot: [...byBallot].map(([ballotId, counts]) => ({ ballotId, ...counts })),
    byNuance: [...byNuance].map(([nuance, counts]) => ({ nuance, ...counts })),
  };
}

/** Targets of the zone that nobody holds or has contacted yet. */
export async function unassignedHeads(db: Db, scope: ZoneScope) {
  const targets = await q.zoneTargets(db, scope, new Date().toISOString());
  return targets.filter((t) => !toBool(t.reserved) && !toBool(t.contacted));
}

export async function volunteerActivity(db: Db, organisationId: string) {
  const rows = await q.volunteerActivity(db, organisationId, new Date().toISOString());
  return rows.map((r) => ({
    ...r,
    contacts: toCount(r.contacts),
    responses: toCount(r.responses),
    reservations: toCount(r.reservations),
  }));
}

export const zoneContactLog = q.zoneContacts;

export const organisationPublicActions = q.organisationActions;

export async function organisationCounts(db: Db, organisationId: string) {
  const row = await q.organisationCounts(db, organisationId);
  return { contacts: toCount(row.contacts), answers: toCount(row.answers), signed: toCount(row.signed) };
}

/** The status of one target (its reservation given by the reservations service). */
export async function targetStatus(
  db: Db,
  target: { type: string; id: string },
  reservation: { userId: string; holder: string; expiresAt: string | null } | undefined,
): Promise<TargetStatus> {
  const flags = await q.targetFlags(db, target.type, target.id);
  return statusOf({
    ...flags,
    reserved_by: reservation?.userId ?? null,
    reserved_by_name: reservation?.holder ?? null,
    reserved_until: reservation?.expiresAt ?? null,
  });
}
