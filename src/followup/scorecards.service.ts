/**
 * Scorecards: for each collectivity (commune; EPCI for conseillers communautaires; circonscription
 * for députés) where a signatory was elected, the commitments and concrete actions of the pact
 * version they signed, each with a status, evidence and a timeline.
 *
 * Service functions:
 * - `refreshScorecards(db, electionId, options)` — creates the scorecards of newly elected
 *   signatories (results.service.ts: electedSignatoryList) and records mandate changes: a signatory
 *   no longer in office gets an end date; a scorecard without any signatory in office becomes
 *   'ended' with a note, and keeps its history. Idempotent.
 * - `getScorecard(db, slug)` — the whole scorecard: items with pact texts, progress (levels.ts),
 *   signatories, the elected team's answers, the published timeline, pending proposals count.
 * - `listScorecards(db, filters)` — the /suivi index; `scorecardsDataset(db, filters)` its exports.
 * - `recomputeProgress(db, scorecardId)` — after a change: level and counts cached on the row.
 * - `publishedFeed(db, limit)` — latest published updates, for the Atom feed.
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import type { Column, Dataset, Row } from '../opendata/dataset.ts';
import { getPactVersion, type PactDocument } from '../pledges/pact-documents.service.ts';
import { getCommune } from '../territories/territories.service.ts';
import { audit } from './audit.queries.ts';
import { actionLevel, computeProgress, type ItemStatus, type Progress } from './levels.ts';
import { type ElectedSignatory, electedSignatoryList } from './results.service.ts';
import * as q from './scorecards.queries.ts';

export type Scorecard = q.ScorecardRow;
export type ScorecardFilters = q.ScorecardFilters;

export const COLLECTIVITY_KINDS: Record<string, string> = {
  commune: 'Commune',
  epci: 'Intercommunalité',
  circonscription: 'Circonscription',
};

interface Collectivity {
  kind: string;
  code: string;
  name: string;
  departement: string | null;
}

/** The collectivities an elected signatory sits in, from the ballot and the mandate kinds. */
async function collectivitiesOf(db: Db, e: ElectedSignatory): Promise<Collectivity[]> {
  const code = e.ballotId.slice(e.ballotId.indexOf('.') + 1);
  const mandates = (e.detail ?? '').split(',').filter(Boolean);
  if (mandates.includes('depute')) {
    return [
      { kind: 'circonscription', code, name: `Circonscription ${code}`, departement: code.split('-')[0] ?? null },
    ];
  }
  const insee = code.slice(0, 5);
  const commune = await getCommune(db, insee);
  if (!commune) return [];
  const out: Collectivity[] = [];
  if (mandates.some((m) => m === 'maire' || m === 'conseiller-municipal')) {
    out.push({ kind: 'commune', code: insee, name: commune.name, departement: commune.departement_code });
  }
  if (mandates.includes('conseiller-communautaire')) {
    const epci = commune.intercommunalities[0];
    if (epci) out.push({ kind: 'epci', code: epci.code, name: epci.name, departement: commune.departement_code });
  }
  return out;
}

export function itemKey(commitment: number, position?: number): string {
  return position === undefined ? String(commitment) : `${commitment}.${position}`;
}

function itemsOfPact(scorecardId: string, pact: PactDocument): q.ItemRow[] {
  return pact.commitments.flatMap((c) => [
    {
      scorecard_id: scorecardId,
      item_key: itemKey(c.number),
      kind: 'commitment',
      commitment_number: c.number,
      position: 0,
      pact_level: null,
      status: 'non-evalue',
      evidence_url: null,
      evidence_document: null,
      evidence_date: null,
      note: null,
      updated_at: null,
      updated_by: null,
      version: 0,
    },
    ...c.actions.map((a) => ({
      scorecard_id: scorecardId,
      item_key: itemKey(c.number, a.position),
      kind: 'action',
      commitment_number: c.number,
      position: a.position,
      pact_level: actionLevel(a.text),
      status: 'non-evalue',
      evidence_url: null,
      evidence_document: null,
      evidence_date: null,
      note: null,
      updated_at: null,
      updated_by: null,
      version: 0,
    })),
  ]);
}

function signatoryLabel(e: ElectedSignatory): string {
  const s = e.signature;
  return s.variant === 'list'
    ? `Liste « ${s.listName} »`
    : `${s.firstName} ${s.lastName}${s.listName ? ` (${s.listName})` : ''}`;
}

export interface RefreshSummary {
  created: number;
  signatoriesAdded: number;
  signatoriesEnded: number;
  ended: number;
}

/** Module comment. Runs after refreshElectedFromRne / a results import. */
export async function refreshScorecards(
  db: Db,
  electionId: string,
  { actor = 'system', now = nowIso() }: { actor?: string; now?: string } = {},
): Promise<RefreshSummary> {
  const elected = await electedSignatoryList(db, electionId);
  const summary: RefreshSummary = { created: 0, signatoriesAdded: 0, signatoriesEnded: 0, ended: 0 };
  const wanted = new Map<string, { collectivity: Collectivity; signatories: ElectedSignatory[] }>();
  for (const e of elected) {
    for (const c of await collectivitiesOf(db, e)) {
      const key = `${c.kind}:${c.code}`;
      const entry = wanted.get(key) ?? { collectivity: c, signatories: [] };
      entry.signatories.push(e);
      wanted.set(key, entry);
    }
  }
  await db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await q.scorecardsOfElection(trx, electionId)).map((s) => [`${s.collectivity_kind}:${s.collectivity_code}`, s]),
    );
    for (const [key, { collectivity, signatories }] of wanted) {
      let card = existing.get(key);
      // The pact the scorecard follows: the list's signature first, then the earliest.
      const lead = [...signatories].sort(
        (a, b) =>
          Number(b.signature.variant === 'list') - Number(a.signature.variant === 'list') ||
          a.signature.signedOn.localeCompare(b.signature.signedOn),
      )[0] as ElectedSignatory;
      if (!card) {
        const pact = await getPactVersion(trx, lead.signature.documentId, lead.signature.documentVersion);
        if (!pact) continue;
        const base =
          collectivity.kind === 'commune'
            ? collectivity.code
            : `${collectivity.kind === 'epci' ? 'epci' : 'circo'}-${collectivity.code}`;
        const slug = (await q.slugTaken(trx, base)) ? `${base}-${electionId}` : base;
        const id = newId();
        const items = itemsOfPact(id, pact);
        card = {
          id,
          slug,
          election_id: electionId,
          collectivity_kind: collectivity.kind,
          collectivity_code: collectivity.code,
          collectivity_name: collectivity.name,
          departement_code: collectivity.departement,
          ballot_id: lead.ballotId,
          document_id: pact.id,
          document_version: pact.version,
          status: 'active',
          status_note: null,
          level: 0,
          items_total: items.length,
          items_kept: 0,
          items_evaluated: 0,
          created_at: now,
          updated_at: now,
        };
        await q.insertScorecard(trx, card, items);
        await audit(trx, {
          actor,
          action: 'followup.scorecard.create',
          entityType: 'followup_scorecard',
          entityId: id,
          before: null,
          after: card,
        });
        summary.created++;
      }
      const known = new Map((await q.signatoriesOf(trx, card.id)).map((s) => [s.signature_id, s]));
      for (const e of signatories) {
        const before = known.get(e.signature.id);
        known.delete(e.signature.id);
        if (before && before.until === null) continue;
        await q.upsertSignatory(trx, {
          scorecard_id: card.id,
          signature_id: e.signature.id,
          label: signatoryLabel(e),
          list_id: e.signature.listId,
          candidacy_id: e.signature.candidacyId,
          mandates: e.detail ?? '',
          since: e.since,
          until: null,
        });
        summary.signatoriesAdded++;
      }
      for (const gone of known.values()) {
        if (gone.until !== null) continue;
        await q.upsertSignatory(trx, { ...gone, until: now.slice(0, 10) });
        await audit(trx, {
          actor,
          action: 'followup.signatory.end',
          entityType: 'followup_scorecard',
          entityId: card.id,
          before: gone,
          after: { ...gone, until: now.slice(0, 10) },
        });
        summary.signatoriesEnded++;
      }
      if (card.status !== 'active') {
        await q.updateScorecard(trx, card.id, { status: 'active', status_note: null, updated_at: now });
      }
      existing.delete(key);
    }
    // Collectivities where no signatory is in office any more: history kept, the page says so.
    for (const card of existing.values()) {
      if (card.status === 'ended') continue;
      for (const s of await q.signatoriesOf(trx, card.id)) {
        if (s.until === null) await q.upsertSignatory(trx, { ...s, until: now.slice(0, 10) });
      }
      const note = `Plus aucun signataire du pacte n’est en fonction depuis le ${now.slice(0, 10)} (fin de mandat ou changement de majorité) ; l’historique du suivi est conservé.`;
      await q.updateScorecard(trx, card.id, { status: 'ended', status_note: note, updated_at: now });
      await audit(trx, {
        actor,
        action: 'followup.scorecard.end',
        entityType: 'followup_scorecard',
        entityId: card.id,
        before: card,
        after: { ...card, status: 'ended', status_note: note },
      });
      summary.ended++;
    }
  });
  return summary;
}

/** Recomputes and stores the level and counts of a scorecard; returns the progress. */
export async function recomputeProgress(db: Db, scorecardId: string): Promise<Progress> {
  const items = await q.itemsOf(db, scorecardId);
  const progress = computeProgress(
    items.map((i) => ({
      kind: i.kind as 'commitment' | 'action',
      pactLevel: i.pact_level === null ? null : Number(i.pact_level),
      status: i.status as ItemStatus,
    })),
  );
  await q.updateScorecard(db, scorecardId, {
    level: progress.level,
    items_total: progress.total,
    items_kept: progress.kept,
    items_evaluated: progress.evaluated,
    updated_at: nowIso(),
  });
  return progress;
}

export interface ScorecardItem {
  key: string;
  kind: 'commitment' | 'action';
  commitmentNumber: number;
  position: number;
  groupTitle: string | null;
  /** The commitment's title, or the action's text (links `[label](url)` kept as written). */
  text: string;
  pactLevel: number | null;
  status: ItemStatus;
  evidenceUrl: string | null;
  evidenceDocument: string | null;
  evidenceDate: string | null;
  note: string | null;
  updatedAt: string | null;
  version: number;
  answers: { body: string; answeredAt: string }[];
}

export interface ScorecardDetails {
  scorecard: Scorecard;
  pactTitle: string;
  items: ScorecardItem[];
  progress: Progress;
  signatories: q.SignatoryRow[];
  timeline: q.UpdateRow[];
  pending: number;
}

export async function getScorecardById(db: Db, id: string) {
  return q.findScorecardById(db, id);
}

export async function getScorecard(db: Db, slug: string): Promise<ScorecardDetails | undefined> {
  const scorecard = await q.findScorecardBySlug(db, slug);
  if (!scorecard) return undefined;
  const [pact, rows, signatories, timeline, pending, answers] = await Promise.all([
    getPactVersion(db, scorecard.document_id, Number(scorecard.document_version)),
    q.itemsOf(db, scorecard.id),
    q.signatoriesOf(db, scorecard.id),
    q.updatesOf(db, scorecard.id, 'published'),
    q.updatesOf(db, scorecard.id, 'pending'),
    q.answersOf(db, scorecard.id),
  ]);
  const texts = new Map<string, { text: string; groupTitle: string | null }>();
  for (const c of pact?.commitments ?? []) {
    texts.set(itemKey(c.number), { text: c.title, groupTitle: null });
    for (const a of c.actions) texts.set(itemKey(c.number, a.position), { text: a.text, groupTitle: a.groupTitle });
  }
  const answersByItem = Map.groupBy(answers, (a) => a.item_key);
  const items: ScorecardItem[] = rows.map((r) => ({
    key: r.item_key,
    kind: r.kind as 'commitment' | 'action',
    commitmentNumber: Number(r.commitment_number),
    position: Number(r.position),
    groupTitle: texts.get(r.item_key)?.groupTitle ?? null,
    text: texts.get(r.item_key)?.text ?? r.item_key,
    pactLevel: r.pact_level === null ? null : Number(r.pact_level),
    status: r.status as ItemStatus,
    evidenceUrl: r.evidence_url,
    evidenceDocument: r.evidence_document,
    evidenceDate: r.evidence_date,
    note: r.note,
    updatedAt: r.updated_at,
    version: Number(r.version),
    answers: (answersByItem.get(r.item_key) ?? []).map((a) => ({ body: a.body, answeredAt: a.answered_at })),
  }));
  const progress = computeProgress(items);
  return {
    scorecard,
    pactTitle: pact ? `${pact.title} — ${pact.electionLabel} (version ${pact.version})` : scorecard.document_id,
    items,
    progress,
    signatories,
    timeline,
    pending: pending.length,
  };
}

export async function listScorecards(db: Db, filters: ScorecardFilters = {}): Promise<Scorecard[]> {
  const all: Scorecard[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await q.listScorecardRows(db, filters, after);
    all.push(...page);
    if (page.length < 2000) return all;
    after = page.at(-1)?.slug;
  }
}

const COLUMNS: Column[] = [
  { key: 'collectivite', header: 'Collectivité', type: 'string' },
  { key: 'type', header: 'Type', type: 'string' },
  { key: 'code', header: 'Code', type: 'string' },
  { key: 'departement', header: 'Département', type: 'string' },
  { key: 'election', header: 'Élection', type: 'string' },
  { key: 'statut', header: 'Statut', type: 'string' },
  { key: 'niveau', header: 'Niveau', type: 'number' },
  { key: 'elements', header: 'Éléments suivis', type: 'number' },
  { key: 'tenus', header: 'Tenus', type: 'number' },
  { key: 'evalues', header: 'Évalués', type: 'number' },
  { key: 'pacte', header: 'Pacte (version)', type: 'string' },
  { key: 'mis_a_jour', header: 'Mis à jour', type: 'string' },
  { key: 'url', header: 'Page', type: 'string' },
];

export function scorecardsDataset(db: Db, filters: ScorecardFilters, baseUrl: string): Dataset {
  return {
    name: 'suivi',
    columns: COLUMNS,
    async *rows(): AsyncIterable<Row> {
      let after: string | undefined;
      for (;;) {
        const page = await q.listScorecardRows(db, filters, after, 1000);
        for (const s of page) {
          yield {
            collectivite: s.collectivity_name,
            type: COLLECTIVITY_KINDS[s.collectivity_kind] ?? s.collectivity_kind,
            code: s.collectivity_code,
            departement: s.departement_code,
            election: s.election_id,
            statut: s.status === 'active' ? 'en fonction' : 'mandat terminé',
            niveau: Number(s.level),
            elements: Number(s.items_total),
            tenus: Number(s.items_kept),
            evalues: Number(s.items_evaluated),
            pacte: `${s.document_id} v${s.document_version}`,
            mis_a_jour: s.updated_at,
            url: `${baseUrl}/suivi/${s.slug}`,
          };
        }
        if (page.length < 1000) return;
        after = page.at(-1)?.slug;
      }
    },
  };
}

export async function publishedFeed(db: Db, limit = 50) {
  return q.latestPublished(db, limit);
}

export async function pendingProposals(db: Db) {
  return q.pendingUpdates(db);
}

/** Scorecards a volunteer may propose updates for (their organisations' zones). */
export { scorecardInZone, scorecardsInZone } from './scorecards.queries.ts';

export interface ScorecardLink {
  slug: string;
  name: string;
  kind: string;
  level: number;
  ended: boolean;
}

/**
 * The scorecards a commune page links to: the commune's own, and its intercommunalities' (those of its
 * parent for a municipal arrondissement).
 */
export async function scorecardsOfCommune(db: Db, insee: string): Promise<ScorecardLink[]> {
  const rows = await q.scorecardsOfCommune(db, insee);
  return rows.map((r) => ({
    slug: r.slug,
    name: r.collectivity_name,
    kind: r.collectivity_kind,
    level: Number(r.level),
    ended: r.status === 'ended',
  }));
}

/** A signature deleted by its owner (privacy/): its name leaves the scorecards (the collectivity's follow-up stays). */
export async function forgetSignature(db: Db, signatureId: string): Promise<void> {
  await q.deleteSignatoryRows(db, signatureId);
}
