import { basename } from 'node:path';
import type { Db } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { fromBool, nowIso } from '../../db/portability.ts';
import { recordSourceLoad } from '../../opendata/sources.service.ts';
import { upsertNuanceLabels } from '../nuances.service.ts';
import { CandidateWriter, type TerritoryIndex } from './candidate-writer.ts';
import { detectFormat } from './detect.ts';
import type { CandidateRecord, FormatParser, RejectedRow } from './records.ts';
import { writeRejectReport } from './report.ts';

/** A problem with the file or the options, explained in one French line. */
export class ImportError extends Error {}

export interface ImportOptions {
  electionId?: string;
  dryRun?: boolean;
  /** Who runs the import, for the audit log ("cli", or a user id). */
  actor?: string;
  reportDir?: string;
  onProgress?: (rowsRead: number) => void;
}

export interface ImportSummary {
  importId: string;
  format: string;
  formatLabel: string;
  electionId: string;
  dryRun: boolean;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  lists: { created: number; updated: number; unchanged: number; deleted: number };
  reportPath: string | null;
  encodingWarning: string | null;
}

class DryRunRollback extends Error {}

async function territoryIndex(db: Db): Promise<TerritoryIndex> {
  const [communes, departements] = await Promise.all([
    db.selectFrom('communes').select(['insee', 'name']).execute(),
    db.selectFrom('departements').select('code').execute(),
  ]);
  return {
    communes: new Map(communes.map((c) => [c.insee, c.name])),
    departements: new Set(departements.map((d) => d.code)),
  };
}

/**
 * Imports one official candidate file: format detected from its header, rows validated, stored
 * in one transaction (all or nothing), rejected rows reported with line numbers.
 */
export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const detected = await detectFormat(path).catch((error: Error) => {
    throw new ImportError(error.message);
  });
  if (detected.parser.kind !== 'candidates') {
    throw new ImportError(`${detected.parser.label} : l’import des élus (RNE) n’est pas encore disponible`);
  }
  const parser = detected.parser as FormatParser<CandidateRecord>;
  const electionId = options.electionId ?? parser.defaultElection;
  if (!electionId) throw new ImportError(`précisez l’élection avec --election (format ${parser.label})`);
  const election = await db
    .selectFrom('elections')
    .select(['id', 'kind'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!election) throw new ImportError(`élection inconnue : « ${electionId} »`);

  const importId = `${nowIso().slice(0, 19).replace(/[-:T]/g, '')}-${newId().slice(0, 6)}`;
  const territories = await territoryIndex(db);
  const rejected: RejectedRow[] = [];
  let read = 0;
  let writer: CandidateWriter | undefined;
  const run = async (trx: Db) => {
    writer = new CandidateWriter(trx, electionId, importId, territories, options.actor ?? 'cli');
    for await (const batch of parser.parse(path, detected.info)) {
      read += batch.records.length + batch.rejected.length;
      rejected.push(...batch.rejected);
      rejected.push(...(await writer.writeBatch(batch.records)));
      options.onProgress?.(read);
    }
    await writer.finish();
    await upsertNuanceLabels(trx, electionId, writer.nuanceLabels);
    if (options.dryRun) throw new DryRunRollback();
  };
  try {
    await db.transaction().execute(run);
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!writer) throw new ImportError('import interrompu');
  rejected.sort((a, b) => a.line - b.line);
  const reportPath = rejected.length
    ? writeRejectReport(options.reportDir ?? './data/imports', importId, rejected)
    : null;
  const summary: ImportSummary = {
    importId,
    format: parser.id,
    formatLabel: parser.label,
    electionId,
    dryRun: options.dryRun ?? false,
    read,
    ...writer.candidacies,
    rejected: rejected.length,
    lists: writer.lists,
    reportPath,
    encodingWarning: detected.info.encodingWarning,
  };
  await recordImport(db, summary, basename(path));
  return summary;
}

async function recordImport(db: Db, s: ImportSummary, fileName: string) {
  const finished = nowIso();
  await db
    .insertInto('imports')
    .values({
      id: s.importId,
      file_name: fileName,
      format: s.format,
      election_id: s.electionId,
      status: s.dryRun ? 'dry-run' : 'done',
      dry_run: fromBool(s.dryRun),
      started_at: finished,
      finished_at: finished,
      read_rows: s.read,
      created_rows: s.created,
      updated_rows: s.updated,
      unchanged_rows: s.unchanged,
      deleted_rows: s.deleted,
      rejected_rows: s.rejected,
      report_path: s.reportPath,
      message: s.encodingWarning,
    })
    .execute();
  if (!s.dryRun) {
    await recordSourceLoad(db, {
      id: `candidats-${s.electionId}`,
      name: `Candidatures — ${s.electionId} (${s.formatLabel})`,
      publisher: 'Ministère de l’Intérieur — data.gouv.fr',
      licence: 'Licence Ouverte 2.0',
      url: 'https://www.data.gouv.fr/fr/organizations/ministere-de-l-interieur-et-des-outre-mer/',
      version: fileName,
      summary: `${s.read} lignes lues, ${s.created} créées, ${s.updated} modifiées, ${s.rejected} rejetées`,
    });
  }
}
