import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';

/**
 * Structured logs of `pacte serve`: one JSON line per event on stdout (pino), for journald, Docker or
 * a log collector. Each answered request is one line (method, path, status, milliseconds); errors
 * carry their stack. Paths are logged without their query string, and path segments that look like
 * secrets (confirmation, invitation and password-reset tokens) are replaced by `:jeton`.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  // With several processes (WEB_CONCURRENCY), each line says which one wrote it.
  const base = cluster.isWorker ? { app: 'pacte', pid: process.pid } : { app: 'pacte' };
  return pino({ level, base, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'message' }, destination);
}

const TOKEN_LIKE = /^[A-Za-z0-9_-]{20,}$/;

/** The path as it may be written to a log: no query string, no token. */
export function loggablePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (TOKEN_LIKE.test(segment) ? ':jeton' : segment))
    .join('/');
}

export interface RequestEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export function logRequest(logger: Logger, entry: RequestEntry) {
  const line = { ...entry, path: loggablePath(entry.path), ms: Math.round(entry.ms * 10) / 10 };
  if (entry.status >= 500) logger.error(line, 'requête');
  else logger.info(line, 'requête');
}
