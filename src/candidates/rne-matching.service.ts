/**
 * Links the mandates of the Répertoire national des élus (table `mandates`) to candidacies: who
 * among the candidates holds a mandate now. Rules (see also `scorePair`):
 *
 * - Territory: a commune mandate (maire, conseiller municipal, conseiller communautaire through the
 *   commune it represents) looks at the ballots of that commune and of its Paris/Lyon/Marseille
 *   sectors; a député looks at the ballots of their circonscription (`legislatives-*.{dep}-{NN}`).
 *   Sénateurs are not matched (no sénatoriales ballots).
 * - Name: same last name and same first name once normalised (case, accents, hyphens, spaces:
 *   normalizeSearch); a compound first name may be given in part (« Jean » for « Jean-Baptiste »).
 * - Birth date: when both sides know it, it must be equal (else: not the same person).
 * - Confidence: name + birth date + territory = 100; first name in part + birth date = 90;
 *   name + territory (a birth date missing on one side) = 80; first name in part without birth
 *   date = 60.
 * - Status: 'auto' only when the link is the only one both ways (the mandate has no other
 *   candidate in that election, the candidacy no other mandate of that kind) and confidence ≥ 80;
 *   otherwise every possible link is stored as 'ambiguous', one row per candidacy, for a moderator.
 *   A link confirmed by birth date (≥ 90) and alone at that level wins over weaker ones.
 * - A moderator's decision ('confirmed' / 'rejected') is never changed by a later run; a rejected
 *   link is ignored when deciding whether the others are unique, a confirmed one excludes the rest.
 *
 * Matching runs at the end of every RNE import (for the mandate kind imported) and after every
 * candidate import (for that election). It is idempotent: a second run changes nothing.
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { normalizeSearch, nowIso, toCount } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';

export type MatchStatus = 'auto' | 'ambiguous' | 'confirmed' | 'rejected';

export interface MatchSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Links stored as 'auto' / 'ambiguous' after this run, within its scope. */
  auto: number;
  ambiguous: number;
}

export interface MatchScope {
  /** Mandate kinds to match (default: every kind that has ballots). */
  mandateKinds?: readonly string[];
  /** Only the ballots of this election (after a candidate import). */
  electionId?: string;
  /** For the audit log. */
  importId?: string | null;
  actor?: string;
}

type MatchRow = Database['mandate_matches'];

/** Mandate kinds and the territory their ballots are looked for in. */
const COMMUNE_MANDATES = ['maire', 'conseiller-municipal', 'conseiller-communautaire'];
const CIRCONSCRIPTION_MANDATES = ['depute'];
const MATCHED_MANDATES = [...COMMUNE_MANDATES, ...CIRCONSCRIPTION_MANDATES];

const IN_CHUNK = 900;
/** A moderator's decision, kept as is by later runs. */
const DECIDED = new Set(['confirmed', 'rejected']);

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface MandateItem {
  id: string;
  mandate: string;
  territory_kind: string;
  territory_code: string;
  commune_code: string | null;
  last_name: string;
  first_name: string;
  birth_date: string | null;
}

interface CandidacyItem {
  id: string;
  ballot_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  birth_date: string | null;
  election_id: string;
  territory_kind: string;
  territory_code: string;
}

interface Pair {
  mandate: MandateItem;
  candidacy: CandidacyItem;
  confidence: number;
  method: string;
  /** Set for links a moderator confirmed (kept as they are). */
  confirmed?: boolean;
}

/** Where a mandate's candidacies are: `c:{insee}` (commune and its sectors) or `d:{circonscription}`. */
function mandateTerritory(m: MandateItem): string | null {
  if (CIRCONSCRIPTION_MANDATES.includes(m.mandate)) return `d:${m.territory_code}`;
  if (COMMUNE_MANDATES.includes(m.mandate) && m.commune_code) return `c:${m.commune_code}`;
  return null;
}

function ballotTerritory(kind: string, code: string): string | null {
  if (kind === 'commune') return `c:${code}`;
  if (kind === 'secteur') return `c:${code.slice(0, 5)}`;
  if (kind === 'circonscription') return `d:${code}`;
  return null;
}

/** 'exact' when equal, 'partial' when one compound first name starts with the other's words. */
function firstNameFit(a: string, b: string): 'exact' | 'partial' | null {
  if (a === b) return 'exact';
  if (a === '' || b === '') return null;
  const wa = a.split(' ');
  const wb = b.split(' ');
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return short.length < long.length && short.every((w, i) => w === long[i]) ? 'partial' : null;
}

/**
 * Confidence and method of a mandate / candidacy pair with the same normalised last name in the
 * same territory, or null when they are not the same person.
 */
export function scorePair(
  m: { first_name: string; birth_date: string | null },
  c: { first_name: string; birth_date: string | null },
): { confidence: number; method: string } | null {
  return scoreNormalized(normalizeSearch(m.first_name), m.birth_date, normalizeSearch(c.first_name), c.birth_date);
}

function scoreNormalized(
  mandateFirstName: string,
  mandateBirth: string | null,
  candidacyFirstName: string,
  candidacyBirth: string | null,
): { confidence: number; method: string } | null {
  const fit = firstNameFit(mandateFirstName, candidacyFirstName);
  if (!fit) return null;
  const bothDates = mandateBirth !== null && candidacyBirth !== null;
  if (bothDates && mandateBirth !== candidacyBirth) return null;
  if (fit === 'exact') {
    return bothDates
      ? { confidence: 100, method: 'name+birthdate+territory' }
      : { confidence: 80, method: 'name+territory' };
  }
  return bothDates
    ? { confidence: 90, method: 'partial-first-name+birthdate+territory' }
    : { confidence: 60, method: 'partial-first-name+territory' };
}

/**
 * Keeps, in each group of competing pairs, a confirmed pair alone, or a pair confirmed by birth
 * date (≥ 90) when it is the only one at that level; otherwise keeps them all (ambiguous).
 */
function prune(pairs: Pair[], groupKey: (p: Pair) => string): Pair[] {
  const groups = Map.groupBy(pairs, groupKey);
  const kept: Pair[] = [];
  for (const group of groups.values()) {
    const confirmed = group.filter((p) => p.confirmed);
    if (confirmed.length > 0) {
      kept.push(...confirmed);
      continue;
    }
    const sorted = [...group].sort((a, b) => b.confidence - a.confidence);
    const [top, second] = sorted;
    if (top && top.confidence >= 90 && (!second || second.confidence < 90)) kept.push(top);
    else kept.push(...group);
  }
  return kept;
}

const byMandate = (p: Pair) => `${p.mandate.id}|${p.candidacy.election_id}`;
const byCandidacy = (p: Pair) => `${p.candidacy.id}|${p.mandate.mandate}`;
const pairKey = (mandateId: string, candidacyId: string) => `${mandateId}\u0000${candidacyId}`;

/** The links wanted for these mandates and candidacies, given the moderator's decisions. */
function desiredLinks(mandates: MandateItem[], candidacies: CandidacyItem[], decided: Map<string, MatchRow>) {
  // Names repeat a lot (first names above all): each is normalised once.
  const normalized = new Map<string, string>();
  const norm = (text: string) => {
    let value = normalized.get(text);
    if (value === undefined) {
      value = normalizeSearch(text);
      normalized.set(text, value);
    }
    return value;
  };
  const byTerritoryAndName = new Map<string, CandidacyItem[]>();
  for (const c of candidacies) {
    const territory = ballotTerritory(c.territory_kind, c.territory_code);
    if (!territory) continue;
    const key = `${territory}|${norm(c.last_name)}`;
    const list = byTerritoryAndName.get(key);
    if (list) list.push(c);
    else byTerritoryAndName.set(key, [c]);
  }
  const pairs: Pair[] = [];
  const mandatesById = new Map(mandates.map((m) => [m.id, m]));
  const candidaciesById = new Map(candidacies.map((c) => [c.id, c]));
  // Confirmed links exclude their competitors, even when the names no longer match.
  for (const decision of decided.values()) {
    const mandate = mandatesById.get(decision.mandate_id);
    const candidacy = candidaciesById.get(decision.candidacy_id);
    if (decision.status !== 'confirmed' || !mandate || !candidacy) continue;
    pairs.push({ mandate, candidacy, confidence: decision.confidence, method: decision.method, confirmed: true });
  }
  for (const m of mandates) {
    const territory = mandateTerritory(m);
    if (!territory) continue;
    const firstName = norm(m.first_name);
    for (const c of byTerritoryAndName.get(`${territory}|${norm(m.last_name)}`) ?? []) {
      if (decided.has(pairKey(m.id, c.id))) continue;
      const score = scoreNormalized(firstName, m.birth_date, norm(c.first_name), c.birth_date);
      if (score) pairs.push({ mandate: m, candidacy: c, ...score });
    }
  }
  const kept = prune(prune(pairs, byMandate), byCandidacy);
  const mandateGroups = Map.groupBy(kept, byMandate);
  const candidacyGroups = Map.groupBy(kept, byCandidacy);
  const desired = new Map<string, Omit<MatchRow, 'decided_by' | 'decided_at' | 'created_at'>>();
  for (const p of kept) {
    if (p.confirmed) continue;
    const alone = mandateGroups.get(byMandate(p))?.length === 1 && candidacyGroups.get(byCandidacy(p))?.length === 1;
    desired.set(pairKey(p.mandate.id, p.candidacy.id), {
      mandate_id: p.mandate.id,
      candidacy_id: p.candidacy.id,
      person_id: p.candidacy.person_id,
      confidence: p.confidence,
      method: p.method,
      status: alone && p.confidence >= 80 ? 'auto' : 'ambiguous',
    });
  }
  return desired;
}

/**
 * Matches the current mandates in scope with the candidacies of their territory and stores the
 * result (inserts, updates and removals of 'auto' / 'ambiguous' links; decided links untouched).
 * Run it inside the import's transaction, or on its own: it is idempotent.
 */
export async function matchMandates(db: Db, scope: MatchScope = {}): Promise<MatchSummary> {
  const summary: MatchSummary = { created: 0, updated: 0, unchanged: 0, deleted: 0, auto: 0, ambiguous: 0 };
  let kinds = (scope.mandateKinds ?? MATCHED_MANDATES).filter((k) => MATCHED_MANDATES.includes(k));
  if (scope.electionId) {
    const election = await db
      .selectFrom('elections')
      .select('kind')
      .where('id', '=', scope.electionId)
      .executeTakeFirst();
    const ofElection =
      election?.kind === 'municipales'
        ? COMMUNE_MANDATES
        : election?.kind === 'legislatives'
          ? CIRCONSCRIPTION_MANDATES
          : [];
    kinds = kinds.filter((k) => ofElection.includes(k));
  }
  if (kinds.length === 0) return summary;
  const departements = await db
    .selectFrom('mandates')
    .select('departement_code')
    .distinct()
    .where('mandate', 'in', kinds)
    .where('current', '=', 1)
    .orderBy('departement_code')
    .execute();
  if (departements.length === 0) return summary;
  let sectors = db.selectFrom('ballots').select(['id', 'territory_code']).where('territory_kind', '=', 'secteur');
  if (scope.electionId) sectors = sectors.where('election_id', '=', scope.electionId);
  const sectorBallots = Map.groupBy(await sectors.execute(), (b) => b.territory_code.slice(0, 5));
  const context = { db, scope, summary, at: nowIso() };
  for (const { departement_code } of departements) {
    const mandates = await db
      .selectFrom('mandates')
      .select([
        'id',
        'mandate',
        'territory_kind',
        'territory_code',
        'commune_code',
        'last_name',
        'first_name',
        'birth_date',
      ])
      .where('departement_code', '=', departement_code)
      .where('mandate', 'in', kinds)
      .where('current', '=', 1)
      .execute();
    const candidacies = await candidaciesFor(db, mandates, sectorBallots, scope.electionId);
    await reconcile(context, mandates, candidacies);
  }
  return summary;
}

async function candidaciesFor(
  db: Db,
  mandates: MandateItem[],
  sectorBallots: Map<string, { id: string }[]>,
  electionId: string | undefined,
): Promise<CandidacyItem[]> {
  const communes = [
    ...new Set(
      mandates.filter((m) => COMMUNE_MANDATES.includes(m.mandate) && m.commune_code).map((m) => m.commune_code!),
    ),
  ];
  const circonscriptions = [
    ...new Set(mandates.filter((m) => CIRCONSCRIPTION_MANDATES.includes(m.mandate)).map((m) => m.territory_code)),
  ];
  const ballotIds = new Set<string>();
  for (const [kind, codes] of [
    ['commune', communes],
    ['circonscription', circonscriptions],
  ] as const) {
    for (const group of chunks(codes, IN_CHUNK)) {
      let query = db
        .selectFrom('ballots')
        .select('id')
        .where('territory_kind', '=', kind)
        .where('territory_code', 'in', group);
      if (electionId) query = query.where('election_id', '=', electionId);
      for (const b of await query.execute()) ballotIds.add(b.id);
    }
  }
  for (const insee of communes) for (const b of sectorBallots.get(insee) ?? []) ballotIds.add(b.id);
  const candidacies: CandidacyItem[] = [];
  for (const group of chunks([...ballotIds], IN_CHUNK)) {
    candidacies.push(
      ...(await db
        .selectFrom('candidacies as c')
        .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
        .select([
          'c.id',
          'c.ballot_id',
          'c.person_id',
          'c.last_name',
          'c.first_name',
          'c.birth_date',
          'b.election_id',
          'b.territory_kind',
          'b.territory_code',
        ])
        .where('c.ballot_id', 'in', group)
        .execute()),
    );
  }
  return candidacies;
}

interface Context {
  db: Db;
  scope: MatchScope;
  summary: MatchSummary;
  at: string;
}

async function reconcile({ db, scope, summary, at }: Context, mandates: MandateItem[], candidacies: CandidacyItem[]) {
  const existing: MatchRow[] = [];
  for (const group of chunks(
    mandates.map((m) => m.id),
    IN_CHUNK,
  )) {
    existing.push(...(await db.selectFrom('mandate_matches').selectAll().where('mandate_id', 'in', group).execute()));
  }
  const decided = new Map(
    existing.filter((r) => DECIDED.has(r.status)).map((r) => [pairKey(r.mandate_id, r.candidacy_id), r]),
  );
  const desired = desiredLinks(mandates, candidacies, decided);
  const inScope = new Map(candidacies.map((c) => [c.id, c]));
  // Links to candidacies outside the loaded ballots: kept when the candidacy still exists elsewhere
  // (another election), removed when a candidate re-import deleted it.
  const outside = [...new Set(existing.filter((r) => !inScope.has(r.candidacy_id)).map((r) => r.candidacy_id))];
  const stillThere = new Set<string>();
  for (const group of chunks(outside, IN_CHUNK)) {
    for (const c of await db.selectFrom('candidacies').select('id').where('id', 'in', group).execute())
      stillThere.add(c.id);
  }
  const audits: { action: string; id: string; before: unknown; after: unknown }[] = [];
  const deletions: MatchRow[] = [];
  for (const row of existing) {
    const key = pairKey(row.mandate_id, row.candidacy_id);
    const candidacy = inScope.get(row.candidacy_id);
    if (!candidacy) {
      if (!stillThere.has(row.candidacy_id)) deletions.push(row);
      continue;
    }
    if (DECIDED.has(row.status)) {
      if (row.person_id !== candidacy.person_id) {
        await db
          .updateTable('mandate_matches')
          .set({ person_id: candidacy.person_id })
          .where('mandate_id', '=', row.mandate_id)
          .where('candidacy_id', '=', row.candidacy_id)
          .execute();
        audits.push({
          action: 'update',
          id: matchEntityId(row.mandate_id, row.candidacy_id),
          before: { person_id: row.person_id },
          after: { person_id: candidacy.person_id },
        });
        summary.updated++;
      }
      continue;
    }
    const want = desired.get(key);
    if (!want) {
      deletions.push(row);
      continue;
    }
    desired.delete(key);
    count(summary, want.status);
    const fields = ['person_id', 'confidence', 'method', 'status'] as const;
    const changed = fields.filter((f) => row[f] !== want[f]);
    if (changed.length === 0) {
      summary.unchanged++;
      continue;
    }
    const set = Object.fromEntries(changed.map((f) => [f, want[f]]));
    await db
      .updateTable('mandate_matches')
      .set(set)
      .where('mandate_id', '=', row.mandate_id)
      .where('candidacy_id', '=', row.candidacy_id)
      .execute();
    audits.push({
      action: 'update',
      id: matchEntityId(row.mandate_id, row.candidacy_id),
      before: Object.fromEntries(changed.map((f) => [f, row[f]])),
      after: set,
    });
    summary.updated++;
  }
  for (const row of deletions) {
    await db
      .deleteFrom('mandate_matches')
      .where('mandate_id', '=', row.mandate_id)
      .where('candidacy_id', '=', row.candidacy_id)
      .execute();
    audits.push({ action: 'delete', id: matchEntityId(row.mandate_id, row.candidacy_id), before: row, after: null });
    summary.deleted++;
  }
  const inserts = [...desired.values()].map((d) => ({ ...d, decided_by: null, decided_at: null, created_at: at }));
  for (const d of inserts) count(summary, d.status);
  for (const group of chunks(inserts, 1000)) await db.insertInto('mandate_matches').values(group).execute();
  summary.created += inserts.length;
  await writeAudit(db, scope.actor ?? 'matching', scope.importId ?? null, audits);
}

function count(summary: MatchSummary, status: string) {
  if (status === 'auto') summary.auto++;
  else if (status === 'ambiguous') summary.ambiguous++;
}

/** Audit entity id of a link: `{mandate id}|{candidacy id}`. */
export function matchEntityId(mandateId: string, candidacyId: string): string {
  return `${mandateId}|${candidacyId}`;
}

async function writeAudit(
  db: Db,
  actor: string,
  importId: string | null,
  entries: { action: string; id: string; before: unknown; after: unknown }[],
) {
  const at = nowIso();
  for (const group of chunks(entries, 1000)) {
    await db
      .insertInto('audit_log')
      .values(
        group.map((e) => ({
          id: newId(),
          at,
          actor,
          action: e.action,
          entity_type: 'mandate_match',
          entity_id: e.id,
          before: e.before === null ? null : JSON.stringify(e.before),
          after: e.after === null ? null : JSON.stringify(e.after),
          import_id: importId,
        })),
      )
      .execute();
  }
}

// ————————————————————————————————————————————————————————————————————————————————
// For moderators (the moderation UI in src/moderation/ calls these).

export interface AmbiguousMatch {
  mandateId: string;
  /** 'maire', 'conseiller-municipal', 'conseiller-communautaire', 'depute'. */
  mandate: string;
  territoryKind: string;
  territoryCode: string;
  /** The commune's name for commune mandates, else the name the RNE gives the territory. */
  territoryName: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  mandateStart: string | null;
  functionLabel: string | null;
  candidacyId: string;
  personId: string;
  candidacyLastName: string;
  candidacyFirstName: string;
  candidacyBirthDate: string | null;
  ballotId: string;
  ballotName: string;
  electionId: string;
  listName: string | null;
  position: number | null;
  confidence: number;
  method: string;
}

/**
 * The links waiting for a moderator (status 'ambiguous', mandate still current), one row per
 * possible candidacy, grouped by mandate (same mandateId in a row), best confidence first.
 * `total` counts them all, for paging.
 */
export async function listAmbiguousMatches(
  db: Db,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ total: number; items: AmbiguousMatch[] }> {
  const base = db
    .selectFrom('mandate_matches as mm')
    .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
    .innerJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .where('mm.status', '=', 'ambiguous')
    .where('m.current', '=', 1);
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('communes as co', 'co.insee', 'm.commune_code')
      .leftJoin('lists as l', 'l.id', 'c.list_id')
      .select([
        'm.id as mandateId',
        'm.mandate',
        'm.territory_kind as territoryKind',
        'm.territory_code as territoryCode',
        'co.name as communeName',
        'm.territory_name as rneTerritoryName',
        'm.last_name as lastName',
        'm.first_name as firstName',
        'm.birth_date as birthDate',
        'm.mandate_start as mandateStart',
        'm.function_label as functionLabel',
        'c.id as candidacyId',
        'mm.person_id as personId',
        'c.last_name as candidacyLastName',
        'c.first_name as candidacyFirstName',
        'c.birth_date as candidacyBirthDate',
        'b.id as ballotId',
        'b.name as ballotName',
        'b.election_id as electionId',
        'l.name as listName',
        'c.position',
        'mm.confidence',
        'mm.method',
      ])
      .orderBy('m.departement_code')
      .orderBy('m.territory_code')
      .orderBy('m.id')
      .orderBy('mm.confidence', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  return {
    total: toCount(n),
    items: rows.map(({ communeName, rneTerritoryName, ...r }) => ({
      ...r,
      territoryName: communeName ?? rneTerritoryName,
      confidence: Number(r.confidence),
    })),
  };
}

/** A decision refused: unknown link, or a decision other than confirmed/rejected. */
export class MatchDecisionError extends Error {}

/**
 * A moderator's decision on one link (audited, with the actor). Confirming a link rejects the
 * other undecided links it competed with (same mandate in the same election, or same candidacy
 * for the same kind of mandate): one person stands once per election. A decision is final for
 * the matching runs; calling decideMatch again changes it.
 */
export async function decideMatch(
  db: Db,
  {
    mandateId,
    candidacyId,
    decision,
    actor,
  }: { mandateId: string; candidacyId: string; decision: 'confirmed' | 'rejected'; actor: string },
): Promise<{ status: MatchStatus; alsoRejected: number }> {
  if (decision !== 'confirmed' && decision !== 'rejected') {
    throw new MatchDecisionError(`décision invalide : « ${String(decision)} » (attendu confirmed ou rejected)`);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('mandate_matches as mm')
      .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
      .leftJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
      .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
      .select(['mm.status', 'mm.decided_by', 'm.mandate', 'b.election_id'])
      .where('mm.mandate_id', '=', mandateId)
      .where('mm.candidacy_id', '=', candidacyId)
      .executeTakeFirst();
    if (!row) throw new MatchDecisionError('rapprochement introuvable');
    const at = nowIso();
    const audits: { action: string; id: string; before: unknown; after: unknown }[] = [];
    await trx
      .updateTable('mandate_matches')
      .set({ status: decision, decided_by: actor, decided_at: at })
      .where('mandate_id', '=', mandateId)
      .where('candidacy_id', '=', candidacyId)
      .execute();
    audits.push({
      action: 'update',
      id: matchEntityId(mandateId, candidacyId),
      before: { status: row.status, decided_by: row.decided_by },
      after: { status: decision, decided_by: actor },
    });
    let alsoRejected = 0;
    if (decision === 'confirmed') {
      const competitors = await trx
        .selectFrom('mandate_matches as mm')
        .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
        .leftJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
        .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
        .select(['mm.mandate_id', 'mm.candidacy_id', 'mm.status'])
        .where('mm.status', 'in', ['auto', 'ambiguous'])
        .where((eb) =>
          eb.or([
            eb.and([eb('mm.mandate_id', '=', mandateId), eb('b.election_id', '=', row.election_id ?? '')]),
            eb.and([eb('mm.candidacy_id', '=', candidacyId), eb('m.mandate', '=', row.mandate)]),
          ]),
        )
        .execute();
      for (const other of competitors) {
        if (other.mandate_id === mandateId && other.candidacy_id === candidacyId) continue;
        await trx
          .updateTable('mandate_matches')
          .set({ status: 'rejected', decided_by: actor, decided_at: at })
          .where('mandate_id', '=', other.mandate_id)
          .where('candidacy_id', '=', other.candidacy_id)
          .execute();
        audits.push({
          action: 'update',
          id: matchEntityId(other.mandate_id, other.candidacy_id),
          before: { status: other.status },
          after: { status: 'rejected', decided_by: actor },
        });
        alsoRejected++;
      }
    }
    await writeAudit(trx, actor, null, audits);
    return { status: decision, alsoRejected };
  });
}
