import { type Kysely, SqliteAdapter } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom, jsonObjectFrom as pgJsonObjectFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom, jsonObjectFrom as sqliteJsonObjectFrom } from 'kysely/helpers/sqlite';

/**
 * The SQLite/PostgreSQL differences, handled once.
 * - counts: number in SQLite, bigint string in PostgreSQL → toCount
 * - booleans: stored as integers 0/1 on both → toBool / fromBool
 * - timestamps: stored as ISO-8601 UTC text on both (sortable, no Date/string split) → nowIso
 * - case/accents: LIKE differs, so searchable text is stored normalised → normalizeSearch
 * - nested rows in one query: json_group_array vs json_agg, text vs parsed JSON → jsonArrayFrom,
 *   jsonObjectFrom, fromJson
 */

export function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function toBool(value: unknown): boolean {
  return value === 1 || value === true || value === '1';
}

export function fromBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function nowIso(): string {
  return new Date().toISOString();
}

const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** Lower case, no accents, ligatures expanded, every non-alphanumeric run turned into one space. */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Search words of a text, with common abbreviations (st → saint) expanded. */
export function searchWords(text: string): string[] {
  const normalized = normalizeSearch(text);
  if (normalized === '') return [];
  return normalized.split(' ').map((w) => ABBREVIATIONS[w] ?? w);
}

/** The smallest string greater than every string starting with `prefix` (for index range scans). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

type Subquery<O> = Parameters<typeof sqliteJsonArrayFrom<O>>[0];

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * The rows of a (correlated) subquery as one JSON array column, so a page gets a row and its lists
 * in one query instead of one per list. Read the column with fromJson. The subquery must name its
 * columns (no selectAll).
 */
export function jsonArrayFrom<O>(db: Kysely<any>, subquery: Subquery<O>) {
  return isSqlite(db) ? sqliteJsonArrayFrom(subquery) : pgJsonArrayFrom(subquery);
}

/** The first row of a (correlated) subquery as one JSON object column, or null; read it with fromJson. */
export function jsonObjectFrom<O>(db: Kysely<any>, subquery: Subquery<O>) {
  return isSqlite(db) ? sqliteJsonObjectFrom(subquery) : pgJsonObjectFrom(subquery);
}

/** A JSON column's value: SQLite returns JSON as text, PostgreSQL (pg) as parsed values. */
export function fromJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
