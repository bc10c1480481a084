// Runs one official-file import in a worker thread, so a long import neither blocks the web
// server's event loop (SQLite writes are synchronous) nor grows its heap: the worker's heap is capped.
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../../db/connection.ts';
import { ImportError, type ImportOptions, type ImportSummary, importFile } from './import.service.ts';

export interface ImportWorkerData {
  databaseUrl: string;
  path: string;
  options: Omit<ImportOptions, 'onStart' | 'onProgress'>;
}

export type ImportWorkerMessage =
  | { type: 'started' }
  | { type: 'progress'; rows: number }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'failed'; message: string; expected: boolean; stack?: string };

const post = (message: ImportWorkerMessage) => parentPort?.postMessage(message);
const { databaseUrl, path, options } = workerData as ImportWorkerData;
const connection = connect(databaseUrl);
try {
  const summary = await importFile(connection, path, {
    ...options,
    onStart: () => post({ type: 'started' }),
    onProgress: (rows) => post({ type: 'progress', rows }),
  });
  post({ type: 'done', summary });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', message: e.message, expected: error instanceof ImportError, stack: e.stack });
} finally {
  await connection.close();
}
