/**
 * Import of the Ministère's municipales results by commune (results-file.parse.ts): the seats won.
 *
 * - A list with « Sièges au CM » > 0 is « élu » (source 'results', « résultats du Ministère de
 *   l’Intérieur », dated by the file: the date in its name, else `date`), its detail the mandates
 *   won (conseiller-municipal, and conseiller-communautaire when « Sièges au CC » > 0).
 * - Its candidacies at positions 1…seats are « élu » too, as conseillers municipaux: « Les sièges
 *   sont attribués aux candidats dans l’ordre de présentation sur chaque liste » (Code électoral,
 *   art. L. 262). Community seats follow a separate order, so no candidacy is flagged from them.
 * - Lists are matched in their ballot as the second-round file's are (matchList). A row whose
 *   commune is unknown, has no list for the election, or cannot be read is refused by line; a list
 *   unknown in its ballot is reported by line and the commune's other lists are applied.
 * - Only the communes the file decides (some seat given) are touched: their 'results' flags are
 *   made equal to the file; a commune with no seat yet (second round to come) keeps its flags, so
 *   the first- and second-round files can be imported in any order.
 * - All in one transaction; a dry run counts without writing; a re-import changes nothing.
 */
import { basename } from 'node:path';
import { candidaciesOfLists, listsOfBallots } from '../candidates/candidates.service.ts';
import { inspectFile } from '../candidates/import/encoding.ts';
import { readLines } from '../candidates/import/read-lines.ts';
import type { Db } from '../db/connection.ts';
import { nowIso } from '../db/portability.ts';
import { ballotId, getElection } from '../elections/elections.service.ts';
import { getCommune } from '../territories/territories.service.ts';
import { matchList, ResultsError, type SyncCounts, syncFlags, type Wanted } from './results.service.ts';
import { type CommuneResult, type ResultsLayout, readResultRow, resultsLayout } from './results-file.parse.ts';

const HEADER_LINES = 5;
const CHUNK = 500;

export interface ResultsFileSummary {
  electionId: string;
  dryRun: boolean;
  /** The date the flags hold from (file name or option), or null. */
  asOf: string | null;
  /** Data rows read (communes). */
  read: number;
  /** Communes where the file gives seats. */
  decided: number;
  electedLists: number;
  electedCandidacies: number;
  counts: { lists: SyncCounts; candidacies: SyncCounts };
  rejected: { line: number; reason: string }[];
}

/** The header's layout when `path` is a results-by-commune file, else null (also for unreadable files). */
export async function resultsFileLayout(path: string): Promise<ResultsLayout | null> {
  try {
    const { encoding } = await inspectFile(path, 'utf-8');
    let n = 0;
    for await (const { text } of readLines(path, encoding)) {
      const layout = resultsLayout(text);
      if (layout || ++n >= HEADER_LINES) return layout;
    }
  } catch {
    return null;
  }
  return null;
}

async function readRows(path: string) {
  const { encoding } = await inspectFile(path, 'utf-8').catch((error: Error) => {
    throw new ResultsError(error.message);
  });
  let layout: ResultsLayout | null = null;
  let firstLine = '';
  const rows: CommuneResult[] = [];
  const rejected: { line: number; reason: string }[] = [];
  for await (const { line, text } of readLines(path, encoding)) {
    if (!layout) {
      if (text.trim() === '') continue;
      firstLine ||= text;
      layout = resultsLayout(text);
      if (!layout && line >= HEADER_LINES) break;
      continue;
    }
    if (text.trim() === '') continue;
    const row = readResultRow(layout, text, line);
    if (typeof row === 'string') rejected.push({ line, reason: row });
    else rows.push(row);
  }
  if (!layout) {
    throw new ResultsError(
      firstLine
        ? `ce fichier n’est pas un fichier de résultats par commune (colonnes « Code commune » et « Sièges au CM 1 » attendues ; en-tête lu « ${firstLine.slice(0, 120)} »)`
        : 'fichier vide',
    );
  }
  return { rows, rejected, read: rows.length + rejected.length };
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ResultsError(`date invalide : « ${value} » (AAAA-MM-JJ attendu)`);
  }
  return value;
}

const dateOfFileName = (fileName: string) => /(\d{4}-\d{2}-\d{2})\.[a-z]+$/i.exec(fileName)?.[1] ?? null;

/**
 * What importResultsFile checks before reading the file (a municipal election, a valid date): a
 * ResultsError, else the date given (null without one). The web page checks it before queueing the import.
 */
export async function checkResultsFileOptions(db: Db, electionId: string, date?: string): Promise<string | null> {
  const election = await getElection(db, electionId);
  if (!election) throw new ResultsError(`élection inconnue : « ${electionId} »`);
  if (election.kind !== 'municipales') {
    throw new ResultsError(`les résultats par commune concernent les municipales, pas « ${election.name} »`);
  }
  return isoDate(date);
}

type BallotList = Awaited<ReturnType<typeof listsOfBallots>>[number];

export async function importResultsFile(
  db: Db,
  path: string,
  {
    electionId,
    dryRun = false,
    actor = 'cli',
    date,
    fileName = basename(path),
  }: { electionId: string; dryRun?: boolean; actor?: string; date?: string; fileName?: string },
): Promise<ResultsFileSummary> {
  const asOf = (await checkResultsFileOptions(db, electionId, date)) ?? dateOfFileName(fileName);
  const { rows, rejected, read } = await readRows(path);

  const ballots = [...new Set(rows.map((r) => ballotId(electionId, r.code)))];
  const listsByBallot = new Map<string, BallotList[]>();
  for (let i = 0; i < ballots.length; i += CHUNK) {
    for (const l of await listsOfBallots(db, ballots.slice(i, i + CHUNK))) {
      listsByBallot.set(l.ballot_id, [...(listsByBallot.get(l.ballot_id) ?? []), l]);
    }
  }
  const wantedLists: Wanted[] = [];
  const seatsOf = new Map<string, number>();
  const decided = new Set<string>();
  const lineOfBallot = new Map<string, number>();
  for (const row of rows) {
    const ballot = ballotId(electionId, row.code);
    const seenAt = lineOfBallot.get(ballot);
    if (seenAt !== undefined) {
      rejected.push({ line: row.line, reason: `commune ${row.code} déjà lue ligne ${seenAt}` });
      continue;
    }
    lineOfBallot.set(ballot, row.line);
    const known = listsByBallot.get(ballot);
    if (!known) {
      const commune = row.code.length === 5 ? await getCommune(db, row.code) : undefined;
      rejected.push({
        line: row.line,
        reason: commune
          ? `aucune liste de ${commune.name} (${row.code}) n’est connue pour ${electionId} : importez d’abord les candidatures`
          : `commune inconnue : code « ${row.code} »`,
      });
      continue;
    }
    if (row.lists.some((l) => l.seatsCm > 0)) decided.add(ballot);
    const taken = new Set<string>();
    for (const l of row.lists) {
      const found = matchList(
        known.filter((k) => !taken.has(k.id)),
        l,
      );
      if (!found) {
        rejected.push({
          line: row.line,
          reason: `liste ${l.block} « ${l.name} »${l.panel !== null ? ` (panneau ${l.panel})` : ''} inconnue à ${row.name ?? row.code} (${ballot})`,
        });
        continue;
      }
      taken.add(found.id);
      if (l.seatsCm === 0) continue;
      seatsOf.set(found.id, l.seatsCm);
      wantedLists.push({
        targetType: 'list',
        targetId: found.id,
        ballotId: ballot,
        asOf,
        detail: l.seatsCc > 0 ? 'conseiller-communautaire,conseiller-municipal' : 'conseiller-municipal',
        current: true,
      });
    }
  }
  const wantedCandidacies: Wanted[] = [];
  const listIds = [...seatsOf.keys()];
  for (let i = 0; i < listIds.length; i += CHUNK) {
    for (const c of await candidaciesOfLists(db, listIds.slice(i, i + CHUNK))) {
      const seats = seatsOf.get(c.list_id as string) ?? 0;
      if (c.position === null || c.position > seats) continue;
      wantedCandidacies.push({
        targetType: 'candidacy',
        targetId: c.id,
        ballotId: c.ballot_id,
        asOf,
        detail: 'conseiller-municipal',
        current: true,
      });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  const summary = {
    electionId,
    dryRun,
    asOf,
    read,
    decided: decided.size,
    electedLists: wantedLists.length,
    electedCandidacies: wantedCandidacies.length,
    rejected,
  };
  const options = { actor, sourceRef: fileName, now: nowIso(), ballots: decided };
  let counts: ResultsFileSummary['counts'] | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      counts = {
        lists: await syncFlags(trx, electionId, 'results', 'elected', wantedLists, { ...options, targetType: 'list' }),
        candidacies: await syncFlags(trx, electionId, 'results', 'elected', wantedCandidacies, {
          ...options,
          targetType: 'candidacy',
        }),
      };
      // A dry run computes the exact changes, then rolls them back.
      if (dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!counts) throw new ResultsError('import interrompu');
  return { ...summary, counts };
}

class DryRunRollback extends Error {}
