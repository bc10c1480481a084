import type { Connection } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { withWriteSession } from '../../db/write-session.ts';
import { recordSourceLoad } from '../../opendata/sources.service.ts';
import { type MatchSummary, matchMandates } from '../rne-matching.service.ts';
import type { DetectedFormat } from './detect.ts';
import type { ElectedRecord, FormatParser, RejectedRow } from './records.ts';
import { fingerprintRneFile, saveMandateFingerprints, storedMandateFingerprints } from './rne-fingerprints.ts';
import { type MandateCounts, RneWriter, recordDepartement } from './rne-writer.ts';

class DryRunRollback extends Error {}

/** Parser batches are gathered into larger ones: fewer round trips, fewer COPY starts. */
const WRITE_BATCH_ROWS = 10_000;

export interface ElectedImportResult {
  read: number;
  mandates: MandateCounts;
  /** Départements the file covers (sorted): holders missing from the file were ended there only. */
  departements: string[];
  rejected: RejectedRow[];
  matches: MatchSummary;
}

/**
 * Imports one Répertoire national des élus file in one transaction (all or nothing): mandates
 * written by RneWriter (rows with an unknown commune or département rejected, holders missing
 * from the file marked as no longer in office in the départements the file covers), then this
 * mandate kind matched with the
 * candidacies (rne-matching.service.ts). A dry run rolls everything back.
 */
export async function importElectedFile(
  connection: Connection,
  detected: DetectedFormat,
  path: string,
  options: { importId: string; actor: string; dryRun: boolean; onProgress?: (rowsRead: number) => void },
): Promise<ElectedImportResult> {
  const parser = detected.parser as FormatParser<ElectedRecord>;
  const mandate = mandateOfFormat(parser.id);
  const [communes, departements] = await Promise.all([
    connection.db.selectFrom('communes').select(['insee', 'name']).execute(),
    connection.db.selectFrom('departements').select('code').execute(),
  ]);
  const territories = {
    communes: new Map(communes.map((c) => [c.insee, c.name])),
    departements: new Set(departements.map((d) => d.code)),
  };
  const rejected: RejectedRow[] = [];
  let read = 0;
  let result: ElectedImportResult | undefined;
  try {
    // Foreign keys not checked row by row: mandates are never deleted, and a link is made only to
    // a mandate just read or written (the only reference, mandate_matches → mandates).
    const openSession = () => connection.openWriteSession({ foreignKeys: false });
    await withWriteSession(openSession, async (session) => {
      // Départements imported before: a first pass fingerprints the file's départements, and
      // those the file describes exactly as last time are left alone (nothing compared or written).
      const salt = `${territories.communes.size}-${territories.departements.size}`;
      const stored = await storedMandateFingerprints(session.db, mandate);
      let fingerprints: ConstructorParameters<typeof RneWriter>[7] = { salt };
      if (stored.size > 0) {
        const prints = await fingerprintRneFile(parser, path, detected.info, recordDepartement, salt);
        const unchanged = new Set(prints.departements().filter((d) => stored.get(d) === prints.get(d)));
        fingerprints = { prints, unchanged };
      }
      const writer = new RneWriter(
        session.db,
        mandate,
        options.importId,
        territories,
        options.actor,
        (table, columns, rows) => session.insertMany(table as keyof Database, columns, rows),
        connection.dialect,
        fingerprints,
      );
      let pending: ElectedRecord[] = [];
      for await (const batch of parser.parse(path, detected.info)) {
        read += batch.records.length + batch.rejected.length;
        rejected.push(...batch.rejected);
        pending = pending.length ? pending.concat(batch.records) : batch.records;
        if (pending.length >= WRITE_BATCH_ROWS) {
          rejected.push(...(await writer.writeBatch(pending)));
          pending = [];
          options.onProgress?.(read);
        }
      }
      rejected.push(...(await writer.writeBatch(pending)));
      options.onProgress?.(read);
      await writer.finish();
      await saveMandateFingerprints(session.db, mandate, options.importId, writer.prints);
      const matches = await matchMandates(
        session.db,
        // Only where mandates changed: elsewhere the links stand as the last run left them.
        {
          mandateKinds: [mandate],
          importId: options.importId,
          actor: options.actor,
          territories: writer.changedTerritories(),
        },
        {
          insertMany: (table, columns, rows) => session.insertMany(table, columns, rows),
          dialect: connection.dialect,
        },
      );
      result = { read, mandates: writer.counts, departements: writer.departements, rejected, matches };
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!result) throw new Error('import interrompu');
  if (!options.dryRun) {
    await recordSourceLoad(connection.db, {
      id: parser.id,
      name: `Répertoire national des élus — ${parser.label}`,
      publisher: 'Ministère de l’Intérieur — data.gouv.fr',
      licence: 'Licence Ouverte 2.0',
      url: 'https://www.data.gouv.fr/fr/datasets/repertoire-national-des-elus-1/',
      version: path.split(/[\\/]/).pop() ?? path,
      summary: `${result.read} lignes lues, ${result.mandates.created} créées, ${result.mandates.updated} modifiées, ${result.mandates.ended} plus en fonction, ${result.rejected.length} rejetées`,
    });
  }
  return result;
}

function mandateOfFormat(formatId: string): ElectedRecord['mandate'] {
  const byFormat: Record<string, ElectedRecord['mandate']> = {
    'rne-maires': 'maire',
    'rne-conseillers-municipaux': 'conseiller-municipal',
    'rne-conseillers-communautaires': 'conseiller-communautaire',
    'rne-deputes': 'depute',
    'rne-senateurs': 'senateur',
  };
  const mandate = byFormat[formatId];
  if (!mandate) throw new Error(`format RNE inconnu : ${formatId}`);
  return mandate;
}
