import type { Config } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { documentsDir } from '../pledges/documents.storage.ts';
import { purge } from './retention.service.ts';

/** `pacte privacy purge [--dry-run] [--months N]`: prints the counts per kind. */
export async function purgeCli(
  connection: Connection,
  config: Config,
  { dryRun, months }: { dryRun: boolean; months?: number },
) {
  const report = await purge(connection.db, { dryRun, months, documentsDir: documentsDir(config) });
  const verb = dryRun ? 'à anonymiser' : 'anonymisé(e)s';
  console.log(
    `Conservation : ${report.months} mois après le dernier tour${dryRun ? ' (simulation, rien n’est modifié)' : ''}`,
  );
  console.log(
    `Élections terminées depuis plus longtemps : ${report.elections.map((e) => `${e.id} (${e.lastRound})`).join(', ') || 'aucune'}`,
  );
  console.log(`Signatures (téléphone, courriel) ${verb} : ${report.signatures}`);
  console.log(`Courriers aux candidats (adresse) ${verb} : ${report.letters}`);
  console.log(
    `Signatures jamais confirmées (lien expiré depuis 30 jours) ${dryRun ? 'à supprimer' : 'supprimées'} : ${report.unconfirmed}`,
  );
}
