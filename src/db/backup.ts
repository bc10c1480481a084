import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { backup, DatabaseSync } from 'node:sqlite';
import { sqlitePath } from './connection.ts';

/**
 * `pacte backup` / `pacte restore`: a whole database to one file and back.
 *
 * SQLite: SQLite's online backup (node:sqlite `backup`), consistent while the server keeps serving
 * and writing; restore copies the file back through the same API, so a running server's connection
 * sees the restored pages (no file swapped under its feet). PostgreSQL: `pg_dump --format=custom`
 * and `pg_restore --clean --single-transaction`, so a failed restore changes nothing.
 *
 * A backup is written to a temporary name and renamed at the end: an interrupted backup never
 * leaves a truncated file under the name asked for. A restore checks the file first (right engine,
 * a Pacte database, not corrupted) and keeps a copy of the database it replaces.
 */
export class BackupError extends Error {}

export type BackupFormat = 'sqlite' | 'postgres';

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_DUMP_MAGIC = 'PGDMP';

/** The format of a backup file, from its first bytes. */
export function backupFormatOf(file: string): BackupFormat | undefined {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.toString('latin1');
  if (text === SQLITE_MAGIC) return 'sqlite';
  if (text.startsWith(PG_DUMP_MAGIC)) return 'postgres';
  return undefined;
}

export function formatOfUrl(databaseUrl: string): BackupFormat {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** Writes a backup of the database at `databaseUrl` to `file`; returns its size in bytes. */
export async function backupDatabase(databaseUrl: string, file: string): Promise<number> {
  const partial = `${file}.partiel`;
  rmSync(partial, { force: true });
  try {
    if (formatOfUrl(databaseUrl) === 'sqlite') {
      const path = sqlitePath(databaseUrl);
      if (path === ':memory:' || !existsSync(path)) throw new BackupError(`base SQLite introuvable : ${path}`);
      const source = new DatabaseSync(path, { readOnly: true });
      try {
        await backup(source, partial);
      } finally {
        source.close();
      }
    } else {
      await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, databaseUrl]);
    }
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return statSync(file).size;
}

/**
 * Replaces the database at `databaseUrl` with the backup in `file`, after saving the current one to
 * `safetyCopy`. Migrations are not run here: the caller brings an older backup up to date.
 */
export async function restoreDatabase(databaseUrl: string, file: string, safetyCopy: string): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`fichier introuvable : ${file}`);
  const format = backupFormatOf(file);
  if (!format) throw new BackupError(`${file} n’est pas une sauvegarde Pacte (ni SQLite ni pg_dump)`);
  const target = formatOfUrl(databaseUrl);
  if (format !== target) {
    throw new BackupError(
      `${file} est une sauvegarde ${label(format)} ; DATABASE_URL désigne une base ${label(target)}`,
    );
  }
  if (format === 'sqlite') checkSqliteBackup(file);
  else await runTool('pg_restore', ['--list', file]);
  const current = target === 'sqlite' ? existsSync(sqlitePath(databaseUrl)) : true;
  if (current) await backupDatabase(databaseUrl, safetyCopy);
  if (format === 'sqlite') {
    const source = new DatabaseSync(file, { readOnly: true });
    try {
      await backup(source, sqlitePath(databaseUrl));
    } finally {
      source.close();
    }
    return;
  }
  await runTool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
}

function label(format: BackupFormat): string {
  return format === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

function checkSqliteBackup(file: string) {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
    if (check?.quick_check !== 'ok') throw new BackupError(`sauvegarde endommagée : ${file} (${check?.quick_check})`);
    const pacte = db
      .prepare("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
      .get();
    if (!pacte) throw new BackupError(`${file} est une base SQLite mais pas une base Pacte`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`sauvegarde illisible : ${file} (${(error as Error).message})`);
  } finally {
    db?.close();
  }
}

/** Runs a PostgreSQL client tool; its last error line becomes the one-line reason. */
function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new BackupError(
          error.code === 'ENOENT' ? `${tool} introuvable : installez le paquet postgresql-client` : error.message,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const lines = stderr.trim().split('\n').filter(Boolean);
        reject(new BackupError(`${tool} a échoué : ${lines.at(-1) ?? `code ${code}`}`));
      }
    });
  });
}
