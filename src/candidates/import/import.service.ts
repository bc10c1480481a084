import { basename } from 'node:path';
import type { Connection, Db, Dialect } from '../../db/connection.ts';
import { dropSecondaryIndexes } from '../../db/deferred-indexes.ts';
import { newId } from '../../db/ids.ts';
import { fromBool, nowIso } from '../../db/portability.ts';
import { WriteSessionBusyError, withWriteSession } from '../../db/write-session.ts';
import { recordSourceLoad } from '../../opendata/sources.service.ts';
import { upsertNuanceLabels } from '../nuances.service.ts';
import { type MatchSummary, matchMandates } from '../rne-matching.service.ts';
import { fingerprintFile, storedFingerprints } from './ballot-fingerprints.ts';
import { CandidateWriter, type TerritoryIndex } from './candidate-writer.ts';
import { detectFormat } from './detect.ts';
import type { CandidateRecord, FormatParser, RejectedRow } from './records.ts';
import { writeRejectReport } from './report.ts';
import { importElectedFile } from './rne-import.ts';

/** A problem with the file or the options, explained in one French line. */
export class ImportError extends Error {}

export interface ImportOptions {
  electionId?: string;
  dryRun?: boolean;
  /** Who runs the import, for the audit log ("cli", or a user id). */
  actor?: string;
  reportDir?: string;
  onProgress?: (rowsRead: number) => void;
  /** Id of the `imports` row (default: a new one); the row is created at start with status 'running'. */
  importId?: string;
  /** The file's name as its owner knows it (default: the path's base name; an upload has a random one). */
  fileName?: string;
  /** Called once the `imports` row exists, before the file is read. */
  onStart?: (importId: string) => void;
}

export interface ImportSummary {
  importId: string;
  format: string;
  formatLabel: string;
  /** null for a Répertoire national des élus file (no election). */
  electionId: string | null;
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
  /** Mandates ↔ candidacies links made after the import (none for a dry run of a candidate file). */
  matches?: MatchSummary;
  /**
   * RNE file: the départements it covers. `deleted` counts the holders missing from the file that
   * were set to « plus en fonction » — in these départements only.
   */
  departements?: string[];
}

class DryRunRollback extends Error {}

const WRITE_BATCH_ROWS = 2_000;

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

export function newImportId(): string {
  return `${nowIso().slice(0, 19).replace(/[-:T]/g, '')}-${newId().slice(0, 6)}`;
}

type RunOptions = ImportOptions & { importId: string; fileName: string };

/**
 * Imports one official file: format detected from its header, rows validated, stored in one
 * transaction (all or nothing), rejected rows reported with line numbers. The `imports` row is
 * created first (status 'running') and completed at the end: 'done' / 'dry-run' with the figures,
 * or 'failed' with the French reason (the error is thrown again).
 */
export async function importFile(
  connection: Connection,
  path: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const run: RunOptions = {
    ...options,
    importId: options.importId ?? newImportId(),
    fileName: options.fileName ?? basename(path),
  };
  try {
    await startImportRow(connection.db, run);
  } catch (error) {
    // SQLite: another import holds the only write lock, even for this row.
    if (isBusy(error)) throw new ImportError(BUSY);
    throw error;
  }
  options.onStart?.(run.importId);
  try {
    return await runImport(connection, path, run);
  } catch (caught) {
    const error = isBusy(caught) ? new ImportError(BUSY) : caught;
    const reason = error instanceof ImportError ? error.message : `erreur inattendue : ${(error as Error).message}`;
    await failImportRow(connection.db, run.importId, reason).catch((failure) => {
      if (!isBusy(failure)) throw failure;
    });
    throw error;
  }
}

const BUSY = 'un autre import est en cours sur cette base : réessayez quand il sera terminé';

function isBusy(error: unknown): boolean {
  return error instanceof WriteSessionBusyError || /database is locked/.test((error as Error)?.message ?? '');
}

async function runImport(connection: Connection, path: string, options: RunOptions): Promise<ImportSummary> {
  const { db } = connection;
  const detected = await detectFormat(path).catch((error: Error) => {
    throw new ImportError(error.message);
  });
  await db.updateTable('imports').set({ format: detected.parser.id }).where('id', '=', options.importId).execute();
  if (detected.parser.kind === 'elected') return importRne(connection, detected, path, options);
  const parser = detected.parser as FormatParser<CandidateRecord>;
  const electionId = options.electionId ?? parser.defaultElection;
  if (!electionId) throw new ImportError(`précisez l’élection avec --election (format ${parser.label})`);
  const election = await db
    .selectFrom('elections')
    .select(['id', 'kind'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!election) throw new ImportError(`élection inconnue : « ${electionId} »`);

  const { importId } = options;
  const territories = await territoryIndex(db);
  const rejected: RejectedRow[] = [];
  let read = 0;
  let writer: CandidateWriter | undefined;
  const phase = phaseTimer();
  // Foreign keys are not checked row by row: the writer links a candidacy only to the ballot, list
  // and person it has just written or read, and deletes a list only with its candidacies; the
  // matching links a mandate it has just read.
  const openSession = () => connection.openWriteSession({ foreignKeys: false });
  try {
    await withWriteSession(openSession, async (session) => {
      // Ballots imported before: a first pass fingerprints the file's ballots, and those the file
      // describes exactly as last time are left alone (no reading back, no comparing).
      const stored = await storedFingerprints(session.db, electionId);
      let fingerprints: ConstructorParameters<typeof CandidateWriter>[5];
      if (stored.size > 0) {
        const prints = await fingerprintFile(parser, path, detected.info, electionId);
        const unchanged = new Set(
          [...stored].filter(([ballot, print]) => prints.get(ballot) === print).map(([b]) => b),
        );
        fingerprints = { prints, unchanged };
        phase(`fingerprints (${unchanged.size} of ${stored.size} ballots unchanged)`);
      }
      writer = new CandidateWriter(session, electionId, importId, territories, options.actor ?? 'cli', fingerprints);
      const restoreIndexes = await deferIndexesOnFirstLoad(session.db, connection.dialect);
      // Parser batches are gathered into larger ones: fewer round trips, fewer COPY starts.
      let pending: CandidateRecord[] = [];
      for await (const batch of parser.parse(path, detected.info)) {
        read += batch.records.length + batch.rejected.length;
        rejected.push(...batch.rejected);
        pending = pending.length ? pending.concat(batch.records) : batch.records;
        if (pending.length >= WRITE_BATCH_ROWS) {
          rejected.push(...(await writer.writeBatch(pending)));
          pending = [];
          options.onProgress?.(read);
          await session.settle();
        }
      }
      rejected.push(...(await writer.writeBatch(pending)));
      options.onProgress?.(read);
      phase('read and write');
      await writer.finish();
      phase('deletions and fingerprints');
      await restoreIndexes();
      phase('indexes');
      await upsertNuanceLabels(session.db, electionId, writer.nuanceLabels);
      if (options.dryRun) throw new DryRunRollback();
    });
    phase('commit');
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!writer) throw new ImportError('import interrompu');
  // Who among these candidates holds a mandate now (RNE), once the candidacies are committed; only
  // where candidacies changed: elsewhere the links stand as the last run left them.
  const changed = writer.changedTerritories();
  const matches = options.dryRun
    ? undefined
    : await withWriteSession(openSession, (session) =>
        matchMandates(
          session.db,
          { electionId, importId, actor: options.actor ?? 'cli', territories: changed },
          {
            insertMany: (table, columns, rows) => session.insertMany(table, columns, rows),
            dialect: connection.dialect,
          },
        ),
      );
  phase('matching');
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
    matches,
  };
  await recordImport(db, summary, options.fileName);
  return summary;
}

/** A Répertoire national des élus file: mandates, then their links to candidacies (rne-import.ts). */
async function importRne(
  connection: Connection,
  detected: Awaited<ReturnType<typeof detectFormat>>,
  path: string,
  options: RunOptions,
): Promise<ImportSummary> {
  const { importId } = options;
  const dryRun = options.dryRun ?? false;
  const result = await importElectedFile(connection, detected, path, {
    importId,
    actor: options.actor ?? 'cli',
    dryRun,
    onProgress: options.onProgress,
  });
  const rejected = result.rejected.sort((a, b) => a.line - b.line);
  const summary: ImportSummary = {
    importId,
    format: detected.parser.id,
    formatLabel: detected.parser.label,
    electionId: null,
    dryRun,
    read: result.read,
    created: result.mandates.created,
    updated: result.mandates.updated,
    unchanged: result.mandates.unchanged,
    deleted: result.mandates.ended,
    rejected: rejected.length,
    lists: { created: 0, updated: 0, unchanged: 0, deleted: 0 },
    reportPath: rejected.length ? writeRejectReport(options.reportDir ?? './data/imports', importId, rejected) : null,
    encodingWarning: detected.info.encodingWarning,
    matches: result.matches,
    departements: result.departements,
  };
  await recordImport(connection.db, summary, options.fileName);
  return summary;
}

async function startImportRow(db: Db, o: RunOptions) {
  await db
    .insertInto('imports')
    .values({
      id: o.importId,
      file_name: o.fileName,
      format: '',
      election_id: o.electionId ?? null,
      status: 'running',
      dry_run: fromBool(o.dryRun ?? false),
      started_at: nowIso(),
      finished_at: null,
      read_rows: 0,
      created_rows: 0,
      updated_rows: 0,
      unchanged_rows: 0,
      deleted_rows: 0,
      rejected_rows: 0,
      report_path: null,
      message: null,
      progress_at: null,
      actor: o.actor ?? 'cli',
      error: null,
    })
    .execute();
}

async function failImportRow(db: Db, importId: string, reason: string) {
  await db
    .updateTable('imports')
    .set({ status: 'failed', finished_at: nowIso(), error: reason })
    .where('id', '=', importId)
    .execute();
}

async function recordImport(db: Db, s: ImportSummary, fileName: string) {
  await db
    .updateTable('imports')
    .where('id', '=', s.importId)
    .set({
      file_name: fileName,
      format: s.format,
      election_id: s.electionId,
      status: s.dryRun ? 'dry-run' : 'done',
      finished_at: nowIso(),
      progress_rows: s.read,
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
  if (!s.dryRun && s.electionId) {
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

/** PACTE_IMPORT_TIMINGS=1: the duration of each phase of a candidate import, on stderr. */
function phaseTimer(): (name: string) => void {
  if (process.env.PACTE_IMPORT_TIMINGS !== '1') return () => {};
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const mb = (n: number) => (n / 1048576).toFixed(0);
    process.stderr.write(
      `import: ${name} ${((now - last) / 1000).toFixed(2)} s (RSS ${mb(rss)} MB, heap ${mb(heapUsed)}/${mb(heapTotal)} MB, external ${mb(external)} MB)\n`,
    );
    last = now;
  };
}

/** On the very first candidate load the tables are empty: their indexes are built once, at the end. */
async function deferIndexesOnFirstLoad(db: Db, dialect: Dialect): Promise<() => Promise<void>> {
  const any = await db.selectFrom('candidacies').select('id').limit(1).executeTakeFirst();
  if (any) return async () => {};
  const restores = [
    // The writer links each candidacy to the ballot, list and person it has just written or read.
    // Indexes are built after the load on both engines: keeping them on PostgreSQL was measured
    // slower on this 2-core machine (decision 0030).
    await dropSecondaryIndexes(db, dialect, 'candidacies', { validateForeignKeys: false }),
    await dropSecondaryIndexes(db, dialect, 'people', { validateForeignKeys: false }),
  ];
  return async () => {
    for (const restore of restores) await restore();
  };
}
