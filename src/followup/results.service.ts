/**
 * Results: flags « qualifié pour le second tour » and « élu » on lists and candidacies, each with
 * its source and date (table election_results).
 *
 * Service functions (the home page, statistics and other domains call these):
 * - `refreshElectedFromRne(db, electionId, options)` — marks elected the candidacies linked
 *   ('auto' or 'confirmed', candidates/mandates.service.ts) to an RNE mandate of the election's kind
 *   (municipales: maire, conseiller municipal, conseiller communautaire; législatives: député)
 *   that started on or after the first round; a list is elected when one of its candidacies is.
 *   A mandate that ended keeps its flag with `current` 0 (history). Idempotent.
 * - `importSecondRound(db, path, options)` — the Ministère's second-round candidate file (same
 *   layout as the first round, read through the importer's public parsers: detectFormat + parse,
 *   nothing written by the importer) marks lists (municipales) or candidacies (législatives)
 *   « qualifié pour le second tour ». Rows naming no known list/candidacy are reported by line.
 *   Atomic; `dryRun` counts without writing.
 * - The Ministère's results by commune (seats won) are imported by results-file.ts, through
 *   `syncFlags` (source 'results') and `matchList` below.
 * - `electedSignatories(db, electionId)` → `{ signatures, lists, individuals, collectivities }`:
 *   counts of published signatures whose list or candidacy is elected (for the home page and
 *   /statistiques); `electedSignatoryList(db, electionId)` gives them one by one.
 * - `qualifiedSignatories(db, electionId)` → published signatures in the second round (null
 *   until a second-round file is imported), for /statistiques.
 * - `resultFlags(db, { listIds, candidacyIds })` → current flags per target, for pages.
 */
import { individualCandidaciesOfBallots, listsOfBallots } from '../candidates/candidates.service.ts';
import { recordBallotId } from '../candidates/import/ballot-fingerprints.ts';
import { detectFormat } from '../candidates/import/detect.ts';
import type { CandidateRecord, FormatParser } from '../candidates/import/records.ts';
import { type ElectedCandidacy, electedCandidaciesOfElection } from '../candidates/mandates.service.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { normalizeSearch, nowIso } from '../db/portability.ts';
import { getElection } from '../elections/elections.service.ts';
import { listPublishedSignatures, type PublicSignature } from '../pledges/signatures.service.ts';
import { type AuditEntry, audit, auditMany } from './audit.queries.ts';
import * as q from './results.queries.ts';

export type ResultFlag = 'qualified' | 'elected';
export type ResultSource = 'rne' | 'second-round' | 'csv' | 'results';

export const FLAG_LABELS: Record<ResultFlag, string> = {
  qualified: 'qualifié pour le second tour',
  elected: 'élu',
};
export const SOURCE_LABELS: Record<ResultSource, string> = {
  rne: 'Répertoire national des élus',
  'second-round': 'candidatures au second tour (Ministère de l’Intérieur)',
  csv: 'fichier de résultats déposé par la coordination',
  results: 'résultats du Ministère de l’Intérieur',
};

export class ResultsError extends Error {}

/** Mandate kinds that an election's winners hold. */
export function mandateKindsOf(electionKind: string): string[] {
  if (electionKind === 'municipales') return ['maire', 'conseiller-municipal', 'conseiller-communautaire'];
  if (electionKind === 'legislatives') return ['depute'];
  return [];
}

export interface Wanted {
  targetType: 'list' | 'candidacy';
  targetId: string;
  ballotId: string;
  asOf: string | null;
  detail: string | null;
  current: boolean;
}

export interface SyncCounts {
  created: number;
  updated: number;
  unchanged: number;
  ended: number;
}

/**
 * Makes the stored flags of one (election, source, flag) equal to `wanted`; flags no longer wanted
 * end — only in `ballots` when given (a results file speaks only of the communes it decides).
 */
export async function syncFlags(
  db: Db,
  electionId: string,
  source: ResultSource,
  flag: ResultFlag,
  wanted: Wanted[],
  {
    actor,
    sourceRef,
    now,
    targetType,
    ballots,
  }: {
    actor: string;
    sourceRef: string | null;
    now: string;
    targetType?: Wanted['targetType'];
    ballots?: ReadonlySet<string>;
  },
): Promise<SyncCounts> {
  const counts: SyncCounts = { created: 0, updated: 0, unchanged: 0, ended: 0 };
  const types = new Set(wanted.map((w) => w.targetType));
  if (targetType) types.add(targetType);
  const existing = new Map(
    (await q.resultsOfSource(db, electionId, source, flag))
      .filter((r) => types.has(r.target_type as Wanted['targetType']) && (!ballots || ballots.has(r.ballot_id)))
      .map((r) => [`${r.target_type}:${r.target_id}`, r]),
  );
  // New flags are written 200 at a time (hundreds of thousands for a national file); changes one by one.
  let inserts: q.ResultRow[] = [];
  let insertAudits: AuditEntry[] = [];
  const flush = async () => {
    await q.insertResults(db, inserts);
    await auditMany(db, insertAudits);
    inserts = [];
    insertAudits = [];
  };
  for (const w of wanted) {
    const key = `${w.targetType}:${w.targetId}`;
    const row = existing.get(key);
    existing.delete(key);
    const current = w.current ? 1 : 0;
    if (!row) {
      const created = {
        id: newId(),
        election_id: electionId,
        ballot_id: w.ballotId,
        target_type: w.targetType,
        target_id: w.targetId,
        flag,
        source,
        source_ref: sourceRef,
        as_of: w.asOf,
        detail: w.detail,
        current,
        created_at: now,
        updated_at: now,
        ended_at: w.current ? null : now,
      };
      inserts.push(created);
      insertAudits.push({
        actor,
        action: 'result.flag',
        entityType: w.targetType,
        entityId: w.targetId,
        before: null,
        after: created,
      });
      counts.created++;
      if (inserts.length >= 200) await flush();
    } else if (Number(row.current) !== current || row.as_of !== w.asOf || row.detail !== w.detail) {
      const values = {
        current,
        as_of: w.asOf,
        detail: w.detail,
        updated_at: now,
        ended_at: w.current ? null : (row.ended_at ?? now),
      };
      await q.updateResult(db, row.id, values);
      await audit(db, {
        actor,
        action: 'result.flag',
        entityType: w.targetType,
        entityId: w.targetId,
        before: row,
        after: { ...row, ...values },
      });
      counts.updated++;
    } else counts.unchanged++;
  }
  await flush();
  for (const row of existing.values()) {
    if (Number(row.current) === 0) continue;
    const values = { current: 0, updated_at: now, ended_at: now };
    await q.updateResult(db, row.id, values);
    await audit(db, {
      actor,
      action: 'result.end',
      entityType: row.target_type,
      entityId: row.target_id,
      before: row,
      after: { ...row, ...values },
    });
    counts.ended++;
  }
  return counts;
}

function groupElected(links: ElectedCandidacy[]): { candidacies: Wanted[]; lists: Wanted[] } {
  const byCandidacy = Map.groupBy(links, (l) => l.candidacyId);
  const candidacies: Wanted[] = [...byCandidacy.values()].map((ls) => {
    const first = ls[0] as ElectedCandidacy;
    const current = ls.filter((l) => l.current);
    const shown = current.length ? current : ls;
    return {
      targetType: 'candidacy',
      targetId: first.candidacyId,
      ballotId: first.ballotId,
      asOf: shown.map((l) => l.mandateStart ?? '').sort()[0] || null,
      detail: [...new Set(shown.map((l) => l.mandate))].sort().join(','),
      current: current.length > 0,
    };
  });
  const byList = Map.groupBy(
    links.filter((l) => l.listId),
    (l) => l.listId as string,
  );
  const lists: Wanted[] = [...byList.entries()].map(([listId, ls]) => {
    const current = ls.filter((l) => l.current);
    const shown = current.length ? current : ls;
    return {
      targetType: 'list',
      targetId: listId,
      ballotId: (ls[0] as ElectedCandidacy).ballotId,
      asOf: shown.map((l) => l.mandateStart ?? '').sort()[0] || null,
      detail: [...new Set(shown.map((l) => l.mandate))].sort().join(','),
      current: current.length > 0,
    };
  });
  return { candidacies, lists };
}

/** Elected flags from the Répertoire national des élus (see the module comment). */
export async function refreshElectedFromRne(
  db: Db,
  electionId: string,
  { actor = 'system', now = nowIso() }: { actor?: string; now?: string } = {},
): Promise<{ candidacies: SyncCounts; lists: SyncCounts }> {
  const election = await getElection(db, electionId);
  if (!election) throw new ResultsError(`élection inconnue : « ${electionId} »`);
  const firstRound = election.rounds[0]?.date ?? null;
  const links = await electedCandidaciesOfElection(db, electionId, mandateKindsOf(election.kind), firstRound);
  const { candidacies, lists } = groupElected(links);
  return db.transaction().execute(async (trx) => ({
    candidacies: await syncFlags(trx, electionId, 'rne', 'elected', candidacies, {
      actor,
      sourceRef: 'rne',
      now,
      targetType: 'candidacy',
    }),
    lists: await syncFlags(trx, electionId, 'rne', 'elected', lists, {
      actor,
      sourceRef: 'rne',
      now,
      targetType: 'list',
    }),
  }));
}

export interface SecondRoundSummary {
  electionId: string;
  round: number;
  dryRun: boolean;
  format: string;
  read: number;
  /** Lists or candidacies found qualified. */
  qualified: number;
  counts: SyncCounts;
  rejected: { line: number; reason: string }[];
}

/**
 * What importSecondRound checks before reading the file (the election, its round, the file's format
 * from its header): a ResultsError, else the round and format. The web page checks it before queueing.
 */
export async function checkSecondRoundFile(db: Db, path: string, electionId: string, round?: number) {
  const election = await getElection(db, electionId);
  if (!election) throw new ResultsError(`élection inconnue : « ${electionId} »`);
  const roundNumber = round ?? election.rounds.at(-1)?.number ?? 1;
  if (roundNumber !== 2) {
    throw new ResultsError(
      `tour ${roundNumber} : seul le fichier des candidatures au second tour s’importe ici (--round 2) ; le premier tour s’importe avec « pacte import »`,
    );
  }
  const detected = await detectFormat(path).catch((error: Error) => {
    throw new ResultsError(error.message);
  });
  if (detected.parser.kind !== 'candidates') {
    throw new ResultsError(`ce fichier (${detected.parser.label}) n’est pas un fichier de candidatures`);
  }
  return { election, detected };
}

/**
 * The second-round candidate file (module comment). `round` defaults to the election's last round;
 * a first-round file is imported with `pacte import`, not here.
 */
export async function importSecondRound(
  db: Db,
  path: string,
  {
    electionId,
    round,
    dryRun = false,
    actor = 'cli',
    fileName = path.split('/').at(-1) ?? path,
  }: { electionId: string; round?: number; dryRun?: boolean; actor?: string; fileName?: string },
): Promise<SecondRoundSummary> {
  const { election, detected } = await checkSecondRoundFile(db, path, electionId, round);
  const parser = detected.parser as FormatParser<CandidateRecord>;
  const records: CandidateRecord[] = [];
  const rejected: { line: number; reason: string }[] = [];
  for await (const batch of parser.parse(path, detected.info)) {
    records.push(...batch.records);
    rejected.push(...batch.rejected.map((r) => ({ line: r.line, reason: r.reason })));
  }
  const ballotIds = [...new Set(records.map((r) => recordBallotId(electionId, r)))];
  const lists = new Map<string, Awaited<ReturnType<typeof listsOfBallots>>>();
  const individuals = new Map<string, Awaited<ReturnType<typeof individualCandidaciesOfBallots>>>();
  for (let i = 0; i < ballotIds.length; i += 500) {
    const chunk = ballotIds.slice(i, i + 500);
    for (const l of await listsOfBallots(db, chunk)) lists.set(l.ballot_id, [...(lists.get(l.ballot_id) ?? []), l]);
    for (const c of await individualCandidaciesOfBallots(db, chunk)) {
      const ballot = c.ballot_id as string;
      individuals.set(ballot, [...(individuals.get(ballot) ?? []), c]);
    }
  }
  const wanted = new Map<string, Wanted>();
  const date = election.rounds.find((r) => r.number === 2)?.date ?? null;
  for (const r of records) {
    const ballot = recordBallotId(electionId, r);
    if (r.list) {
      const rl = r.list;
      const found = matchList(lists.get(ballot) ?? [], rl);
      if (!found) {
        rejected.push({ line: r.line, reason: `liste « ${rl.name} » inconnue au premier tour (${ballot})` });
        continue;
      }
      wanted.set(`list:${found.id}`, {
        targetType: 'list',
        targetId: found.id,
        ballotId: ballot,
        asOf: date,
        detail: null,
        current: true,
      });
    } else {
      const key = `${normalizeSearch(r.lastName)}|${normalizeSearch(r.firstName)}`;
      const found = (individuals.get(ballot) ?? []).find(
        (c) => `${normalizeSearch(c.last_name)}|${normalizeSearch(c.first_name)}` === key,
      );
      if (!found) {
        rejected.push({
          line: r.line,
          reason: `candidature de ${r.firstName} ${r.lastName} inconnue au premier tour (${ballot})`,
        });
        continue;
      }
      wanted.set(`candidacy:${found.id}`, {
        targetType: 'candidacy',
        targetId: found.id,
        ballotId: ballot,
        asOf: date,
        detail: null,
        current: true,
      });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  const summary = {
    electionId,
    round: 2,
    dryRun,
    format: parser.label,
    read: records.length + rejected.filter((r) => !records.some((x) => x.line === r.line)).length,
    qualified: wanted.size,
    rejected,
  };
  if (dryRun) return { ...summary, counts: { created: wanted.size, updated: 0, unchanged: 0, ended: 0 } };
  const counts = await db.transaction().execute((trx) =>
    syncFlags(trx, electionId, 'second-round', 'qualified', [...wanted.values()], {
      actor,
      sourceRef: fileName,
      now: nowIso(),
    }),
  );
  return { ...summary, counts };
}

/**
 * The list of a ballot a result file names: by normalised name and panel number together, then
 * name, then short name, then panel number (the name first: panel numbers need not be the same at
 * both rounds; two lists of a commune may bear the same name).
 */
export function matchList<L extends { name: string; short_name: string; panel: number }>(
  candidates: L[],
  wanted: { name: string; shortName: string; panel: number | null },
): L | undefined {
  const name = normalizeSearch(wanted.name);
  const short = normalizeSearch(wanted.shortName);
  return (
    (name ? candidates.find((l) => normalizeSearch(l.name) === name && Number(l.panel) === wanted.panel) : undefined) ??
    (name ? candidates.find((l) => normalizeSearch(l.name) === name) : undefined) ??
    (short ? candidates.find((l) => normalizeSearch(l.short_name) === short) : undefined) ??
    (wanted.panel !== null ? candidates.find((l) => Number(l.panel) === wanted.panel) : undefined)
  );
}

/** Every published signature of an election (few thousand at most), paged. */
export async function publishedSignaturesOf(db: Db, electionId: string): Promise<PublicSignature[]> {
  const all: PublicSignature[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await listPublishedSignatures(db, { electionId }, { limit: 1000, offset });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

export interface ElectedSignatory {
  signature: PublicSignature;
  /** The elected flag of the signature's candidacy, else of its list. */
  targetType: 'list' | 'candidacy';
  targetId: string;
  ballotId: string;
  /** Mandate kinds, comma-separated (« maire,conseiller-municipal »). */
  detail: string | null;
  since: string | null;
}

/** Published signatures whose candidacy (individual) or list is elected now. */
export async function electedSignatoryList(db: Db, electionId: string): Promise<ElectedSignatory[]> {
  const [signatures, elected] = await Promise.all([
    publishedSignaturesOf(db, electionId),
    q.currentElected(db, electionId),
  ]);
  // One target may be elected by several sources (RNE, results file): mandates merged, earliest date.
  const flags = new Map<string, (typeof elected)[number]>();
  for (const e of elected) {
    const key = `${e.target_type}:${e.target_id}`;
    const seen = flags.get(key);
    if (!seen) {
      flags.set(key, e);
      continue;
    }
    const detail = [...new Set([...(seen.detail ?? '').split(','), ...(e.detail ?? '').split(',')])]
      .filter(Boolean)
      .sort()
      .join(',');
    const since = [seen.as_of, e.as_of].filter((d): d is string => !!d).sort()[0] ?? null;
    flags.set(key, { ...seen, detail: detail || null, as_of: since });
  }
  const out: ElectedSignatory[] = [];
  for (const s of signatures) {
    const flag =
      (s.candidacyId ? flags.get(`candidacy:${s.candidacyId}`) : undefined) ??
      (s.listId ? flags.get(`list:${s.listId}`) : undefined);
    if (!flag) continue;
    out.push({
      signature: s,
      targetType: flag.target_type as 'list' | 'candidacy',
      targetId: flag.target_id,
      ballotId: flag.ballot_id,
      detail: flag.detail,
      since: flag.as_of,
    });
  }
  return out;
}

/** Counts for the home page and /statistiques: elected signatories of an election. */
export async function electedSignatories(
  db: Db,
  electionId: string,
): Promise<{ signatures: number; lists: number; individuals: number; collectivities: number }> {
  const list = await electedSignatoryList(db, electionId);
  return {
    signatures: list.length,
    lists: list.filter((e) => e.signature.variant === 'list').length,
    individuals: list.filter((e) => e.signature.variant === 'individual').length,
    collectivities: new Set(list.map((e) => e.ballotId)).size,
  };
}

export interface TargetFlag {
  flag: ResultFlag;
  source: ResultSource;
  asOf: string | null;
  detail: string | null;
}

/** Current flags of lists and candidacies, keyed `list:ID` / `candidacy:ID`. */
export async function resultFlags(
  db: Db,
  { listIds = [], candidacyIds = [] }: { listIds?: string[]; candidacyIds?: string[] },
): Promise<Map<string, TargetFlag[]>> {
  const rows = [
    ...(await q.flagsOfTargets(db, 'list', listIds)),
    ...(await q.flagsOfTargets(db, 'candidacy', candidacyIds)),
  ];
  const out = new Map<string, TargetFlag[]>();
  for (const r of rows) {
    const key = `${r.target_type}:${r.target_id}`;
    out.set(key, [
      ...(out.get(key) ?? []),
      { flag: r.flag as ResultFlag, source: r.source as ResultSource, asOf: r.as_of, detail: r.detail },
    ]);
  }
  return out;
}

/**
 * Published signatures whose list or candidacy is « qualifié pour le second tour » (statistics);
 * null while no second-round file has been imported for the election.
 */
export async function qualifiedSignatories(db: Db, electionId: string): Promise<number | null> {
  const qualified = await q.currentQualified(db, electionId);
  if (qualified.length === 0) return null;
  const keys = new Set(qualified.map((r) => `${r.target_type}:${r.target_id}`));
  const signatures = await publishedSignaturesOf(db, electionId);
  return signatures.filter(
    (s) => (s.listId && keys.has(`list:${s.listId}`)) || (s.candidacyId && keys.has(`candidacy:${s.candidacyId}`)),
  ).length;
}
