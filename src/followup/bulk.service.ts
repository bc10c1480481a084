/**
 * Bulk update of scorecards by CSV, for coordinators (`bulkUpdate(db, actor, text, { dryRun })`).
 *
 * Columns (header names, any order, `;` `,` or TAB): `collectivite` (the scorecard's address as in
 * /suivi/ADDRESS, e.g. `62498` or `epci-200027183`, or the collectivity's code), `element` (`1` for
 * commitment 1, `1.5` for its 5th action), `statut` (tenu, en cours, au point mort, non tenu, non
 * évalué), `preuve` (http(s) URL), `date` (AAAA-MM-JJ or JJ/MM/AAAA); optional `document`, `note`.
 *
 * All or nothing: every row is checked first; any error (unknown collectivity or item, a non-http(s)
 * link, a status other than « non évalué » without evidence…) is reported with its line number and
 * nothing is applied. A dry run returns what would change without writing. Changes are published
 * directly (coordinators are trusted), each one in the timeline and the audit log.
 */
import type { Db } from '../db/connection.ts';
import { normalizeSearch } from '../db/portability.ts';
import { readCsv } from './csv-read.ts';
import { type Evidence, validateEvidence } from './evidence.ts';
import type { ItemStatus } from './levels.ts';
import * as q from './scorecards.queries.ts';
import { recomputeProgress } from './scorecards.service.ts';
import { applyPublishedUpdate } from './updates.service.ts';

export interface BulkChange {
  line: number;
  scorecardId: string;
  slug: string;
  collectivity: string;
  itemKey: string;
  before: ItemStatus;
  after: ItemStatus;
  evidence: Evidence;
  /** false: same status and evidence as stored (nothing to write). */
  changes: boolean;
}

export interface BulkResult {
  dryRun: boolean;
  applied: boolean;
  changes: BulkChange[];
  errors: { line: number; message: string }[];
}

const REQUIRED = ['collectivite', 'element', 'statut', 'preuve', 'date'] as const;
const OPTIONAL = ['document', 'note'] as const;

function headerKey(text: string): string {
  return normalizeSearch(text).replace(/ /g, '_');
}

export async function bulkUpdate(
  db: Db,
  actor: string,
  text: string,
  { dryRun }: { dryRun: boolean },
): Promise<BulkResult> {
  const rows = readCsv(text);
  const result: BulkResult = { dryRun, applied: false, changes: [], errors: [] };
  const header = rows.shift();
  if (!header) return { ...result, errors: [{ line: 1, message: 'fichier vide' }] };
  const index = new Map(header.cells.map((h, i) => [headerKey(h), i]));
  const missing = REQUIRED.filter((k) => !index.has(k));
  if (missing.length) {
    return {
      ...result,
      errors: [
        {
          line: header.line,
          message: `colonnes manquantes : ${missing.join(', ')} (attendu : ${[...REQUIRED, ...OPTIONAL].join(';')})`,
        },
      ],
    };
  }
  const cell = (cells: string[], key: string) => {
    const i = index.get(key);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const cards = new Map<string, q.ScorecardRow | undefined>();
  const seen = new Set<string>();
  for (const { line, cells } of rows) {
    const address = cell(cells, 'collectivite');
    if (!cards.has(address)) {
      const card =
        (await q.findScorecardBySlug(db, address)) ??
        (address ? await q.findActiveScorecardByCode(db, address) : undefined);
      cards.set(address, card);
    }
    const card = cards.get(address);
    if (!card) {
      result.errors.push({ line, message: `collectivité inconnue ou sans suivi : « ${address} »` });
      continue;
    }
    const itemKey = cell(cells, 'element');
    const item = await q.findItem(db, card.id, itemKey);
    if (!item) {
      result.errors.push({ line, message: `élément inconnu pour ${card.collectivity_name} : « ${itemKey} »` });
      continue;
    }
    if (seen.has(`${card.id}:${itemKey}`)) {
      result.errors.push({ line, message: `élément ${itemKey} de ${card.collectivity_name} déjà présent plus haut` });
      continue;
    }
    seen.add(`${card.id}:${itemKey}`);
    const checked = validateEvidence({
      status: cell(cells, 'statut'),
      evidenceUrl: cell(cells, 'preuve'),
      evidenceDocument: cell(cells, 'document'),
      evidenceDate: cell(cells, 'date'),
      note: cell(cells, 'note'),
    });
    if (!checked.ok) {
      result.errors.push({ line, message: Object.values(checked.errors).join(' ') });
      continue;
    }
    const e = checked.value;
    result.changes.push({
      line,
      scorecardId: card.id,
      slug: card.slug,
      collectivity: card.collectivity_name,
      itemKey,
      before: item.status as ItemStatus,
      after: e.status,
      evidence: e,
      changes:
        item.status !== e.status ||
        item.evidence_url !== e.evidenceUrl ||
        item.evidence_document !== e.evidenceDocument ||
        item.evidence_date !== e.evidenceDate ||
        item.note !== e.note,
    });
  }
  if (result.errors.length > 0 || dryRun) return result;
  await db.transaction().execute(async (trx) => {
    const touched = new Set<string>();
    for (const change of result.changes) {
      if (!change.changes) continue;
      await applyPublishedUpdate(trx, actor, 'bulk', change.scorecardId, change.itemKey, change.evidence);
      touched.add(change.scorecardId);
    }
    for (const id of touched) await recomputeProgress(trx, id);
  });
  return { ...result, applied: true };
}
