/**
 * After a Répertoire national des élus import: the elected flags and the scorecards brought up to
 * date, so that nobody has to run `pacte followup refresh` by hand. Called by the composition
 * layers that run imports — `pacte import` (cli/commands.ts → followup.cli.ts) and the background
 * imports of /admin/imports (web/import-jobs.ts) — never by the candidates domain itself.
 *
 * The election refreshed is, for each kind whose winners hold the mandate imported, the latest
 * one whose first round has taken place: the RNE lists who is in office now, i.e. the winners of
 * the current term. Older elections keep their flags as they are (`pacte followup refresh
 * --election ID` still refreshes one by hand). A dry run, a candidate file, a sénateurs file
 * refresh nothing.
 *
 * Each election is refreshed by a `pacte followup refresh` process of its own: a national refresh
 * (~500,000 elected candidacies) needs a few hundred megabytes, more than `pacte import` is given
 * (bin/node-options.js), and on SQLite it would hold the web server's only connection for tens of
 * seconds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Db } from '../db/connection.ts';
import { nowIso } from '../db/portability.ts';
import { listElections } from '../elections/elections.service.ts';
import { mandateKindsOf } from './results.service.ts';

const PACTE_BIN = join(import.meta.dirname, '..', '..', 'bin', 'pacte.js');

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

function refreshProcess(databaseUrl: string, election: string, actor: string, onOutput?: (text: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PACTE_BIN, 'followup', 'refresh', '--election', election, '--actor', actor],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let errors = '';
    child.stdout.on('data', (d) => onOutput?.(String(d)));
    child.stderr.on('data', (d) => {
      errors += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const reason = errors.trim().split('\n').at(-1) || `code de sortie ${code}`;
      reject(
        new Error(
          `actualisation du suivi ${election} échouée (relancez « pacte followup refresh --election ${election} ») : ${reason}`,
        ),
      );
    });
  });
}

/** Refreshes the elections an import concerns, one process each (module comment); returns them. */
export async function refreshAfterImport(
  db: Db,
  databaseUrl: string,
  done: ImportDone,
  { actor, onOutput }: { actor: string; onOutput?: (text: string) => void },
): Promise<string[]> {
  if (done.dryRun) return [];
  const elections = await electionsOfRneFormat(db, done.format, nowIso().slice(0, 10));
  for (const election of elections) {
    onOutput?.(`actualisation du suivi (${election}) :\n`);
    await refreshProcess(databaseUrl, election, actor, onOutput);
  }
  return elections;
}
