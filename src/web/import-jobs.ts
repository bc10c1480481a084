import { ImportJobs } from '../candidates/import/import.jobs.ts';
import type { Connection } from '../db/connection.ts';
import { refreshAfterImport } from '../followup/after-import.ts';

/**
 * The background imports of /admin/imports, composed with what follows a successful import: the
 * follow-up refresh after a Répertoire national des élus file (followup/after-import.ts), so that
 * elected flags and scorecards are up to date without a manual step.
 */
export function createImportJobs(connection: Connection, logError: (error: unknown) => void): ImportJobs {
  return new ImportJobs(connection, logError, (summary, actor) =>
    refreshAfterImport(connection.db, connection.url, summary, { actor }),
  );
}
