/**
 * After a Répertoire national des élus import: the elected flags and the scorecards brought up to
 * date, so that nobody has to run `pacte followup refresh` by hand. Called by the composition
 * layers that run imports — `pacte import` (cli/commands.ts → followup.cli.ts, which runs `pacte
 * followup refresh` for each election) and the background imports of /admin/imports
 * (web/import-jobs.ts) — never by the candidates domain itself.
 *
 * The election refreshed is, for each kind whose winners hold the mandate imported, the latest
 * one whose first round has taken place: the RNE lists who is in office now, i.e. the winners of
 * the current term. Older elections keep their flags as they are (`pacte followup refresh
 * --election ID` still refreshes one by hand). A dry run, a candidate file, a sénateurs file
 * refresh nothing.
 */
import type { Db } from '../db/connection.ts';
import { nowIso } from '../db/portability.ts';
import { listElections } from '../elections/elections.service.ts';
import { mandateKindsOf, refreshElectedFromRne } from './results.service.ts';
import { type RefreshSummary, refreshScorecards } from './scorecards.service.ts';

/** The RNE formats (candidates/import/rne/) and the mandate each one lists. */
const MANDATE_OF_FORMAT: Record<string, string> = {
  'rne-maires': 'maire',
  'rne-conseillers-municipaux': 'conseiller-municipal',
  'rne-conseillers-communautaires': 'conseiller-communautaire',
  'rne-deputes': 'depute',
};

export interface ImportDone {
  /** Format id of the file imported (`rne-maires`…). */
  format: string;
  dryRun: boolean;
}

export interface ElectionRefresh {
  electionId: string;
  elected: Awaited<ReturnType<typeof refreshElectedFromRne>>;
  scorecards: RefreshSummary;
}

/** The elections an RNE import of `format` concerns (module comment), as of `today` (YYYY-MM-DD). */
export async function electionsOfRneFormat(db: Db, format: string, today: string): Promise<string[]> {
  const mandate = MANDATE_OF_FORMAT[format];
  if (!mandate) return [];
  const latest = new Map<string, { id: string; firstRound: string }>();
  for (const e of await listElections(db)) {
    const firstRound = e.rounds[0]?.date;
    if (!firstRound || firstRound > today || !mandateKindsOf(e.kind).includes(mandate)) continue;
    const seen = latest.get(e.kind);
    if (!seen || seen.firstRound < firstRound) latest.set(e.kind, { id: e.id, firstRound });
  }
  return [...latest.values()].map((e) => e.id);
}

export async function refreshAfterImport(
  db: Db,
  done: ImportDone,
  { actor = 'system', now = nowIso() }: { actor?: string; now?: string } = {},
): Promise<ElectionRefresh[]> {
  if (done.dryRun) return [];
  const out: ElectionRefresh[] = [];
  for (const electionId of await electionsOfRneFormat(db, done.format, now.slice(0, 10))) {
    const elected = await refreshElectedFromRne(db, electionId, { actor, now });
    const scorecards = await refreshScorecards(db, electionId, { actor, now });
    out.push({ electionId, elected, scorecards });
  }
  return out;
}
