// `pacte followup …` subcommands (thin: parse done by cli/commands.ts, work done by the services).
import { UserError } from '../cli/errors.ts';
import type { Config } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { createMailer } from '../mail/mailer.ts';
import { type ImportDone, refreshAfterImport } from './after-import.ts';
import { sendReminders, setReminderMonths } from './reminders.service.ts';
import { importSecondRound, ResultsError, refreshElectedFromRne } from './results.service.ts';
import { importResultsFile } from './results-file.ts';
import { refreshScorecards } from './scorecards.service.ts';

export async function remindCli(
  connection: Connection,
  config: Config,
  { dryRun, months }: { dryRun: boolean; months?: number },
) {
  // --months N changes the period for good (setting followup.reminder_months), then sends what is due.
  if (months !== undefined) await setReminderMonths(connection.db, months);
  const mailer = createMailer(config);
  const report = await sendReminders(connection.db, mailer, { baseUrl: config.baseUrl, dryRun });
  const verb = dryRun ? 'seraient envoyés' : 'envoyés';
  console.log(
    `Questionnaires « ont-ils agi ? » (tous les ${report.months} mois) : ${report.sent.length} ${verb}, ${report.skipped} déjà reçus pendant la période.`,
  );
  for (const s of report.sent) {
    console.log(`  ${s.email} (${s.organisation}) : ${s.items} élément(s) dans ${s.collectivities} collectivité(s)`);
  }
  for (const f of report.failed) console.error(`  échec pour ${f.email} : ${f.error}`);
  if (!dryRun) console.log(`Courriels : ${mailer.description}`);
  if (report.failed.length > 0) throw new UserError(`${report.failed.length} courriel(s) non envoyé(s)`);
}

export async function refreshCli(
  connection: Connection,
  { election, actor = 'cli' }: { election: string; actor?: string },
) {
  try {
    const r = await refreshElectedFromRne(connection.db, election, { actor });
    const s = await refreshScorecards(connection.db, election, { actor });
    console.log(
      `élus (Répertoire national des élus) : candidatures créées ${r.candidacies.created}, modifiées ${r.candidacies.updated}, fins ${r.candidacies.ended} ; listes créées ${r.lists.created}, modifiées ${r.lists.updated}, fins ${r.lists.ended}`,
    );
    console.log(
      `suivis : ${s.created} créé(s), ${s.signatoriesAdded} signataire(s) ajouté(s), ${s.signatoriesEnded} fin(s) de mandat, ${s.ended} suivi(s) terminé(s)`,
    );
  } catch (error) {
    throw asUserError(error);
  }
}

export async function secondRoundCli(
  connection: Connection,
  file: string,
  options: { election: string; round?: number; dryRun: boolean },
) {
  try {
    const s = await importSecondRound(connection.db, file, {
      electionId: options.election,
      round: options.round,
      dryRun: options.dryRun,
      actor: 'cli',
    });
    const mode = s.dryRun ? ' (essai à blanc : rien n’a été enregistré)' : '';
    console.log(`${s.format} → ${s.electionId}, tour ${s.round}${mode}`);
    console.log(
      `lignes ${s.read}, qualifiés pour le second tour ${s.qualified} (créés ${s.counts.created}, modifiés ${s.counts.updated}, inchangés ${s.counts.unchanged}, retirés ${s.counts.ended}), lignes rejetées ${s.rejected.length}`,
    );
    printRejected(s.rejected);
  } catch (error) {
    throw asUserError(error);
  }
}

/** `pacte import` of an RNE file: the follow-up refreshed (after-import.ts); a failure does not undo the import. */
export async function afterImportCli(connection: Connection, done: ImportDone) {
  try {
    await refreshAfterImport(connection.db, connection.url, done, {
      actor: 'cli',
      onOutput: (text) => process.stdout.write(text),
    });
  } catch (error) {
    throw new UserError(`import enregistré, mais ${(error as Error).message}`);
  }
}

export async function resultsCli(
  connection: Connection,
  file: string,
  options: { election: string; date?: string; dryRun: boolean },
) {
  try {
    const s = await importResultsFile(connection.db, file, {
      electionId: options.election,
      date: options.date,
      dryRun: options.dryRun,
      actor: 'cli',
    });
    const mode = s.dryRun ? ' (essai à blanc : rien n’a été enregistré)' : '';
    console.log(`Résultats par commune → ${s.electionId}, au ${s.asOf ?? 'date inconnue'}${mode}`);
    const c = s.counts;
    console.log(
      `lignes ${s.read}, communes pourvues ${s.decided}, listes élues ${s.electedLists} (créées ${c.lists.created}, modifiées ${c.lists.updated}, inchangées ${c.lists.unchanged}, retirées ${c.lists.ended}), candidats élus ${s.electedCandidacies} (créés ${c.candidacies.created}, modifiés ${c.candidacies.updated}, inchangés ${c.candidacies.unchanged}, retirés ${c.candidacies.ended}), lignes rejetées ${new Set(s.rejected.map((r) => r.line)).size}`,
    );
    printRejected(s.rejected);
    if (!s.dryRun) {
      const r = await refreshScorecards(connection.db, s.electionId, { actor: 'cli' });
      console.log(
        `suivis : ${r.created} créé(s), ${r.signatoriesAdded} signataire(s) ajouté(s), ${r.ended} terminé(s)`,
      );
    }
  } catch (error) {
    throw asUserError(error);
  }
}

/** The first 50 rejected lines of a file, then how many more. */
function printRejected(rejected: { line: number; reason: string }[]) {
  for (const r of rejected.slice(0, 50)) console.log(`  ligne ${r.line} : ${r.reason}`);
  if (rejected.length > 50) console.log(`  … et ${rejected.length - 50} autre(s)`);
}

/** A refused file or election is one line for the user (UserError); anything else stays a bug. */
function asUserError(error: unknown): unknown {
  return error instanceof ResultsError ? new UserError(error.message) : error;
}
