/**
 * The SQLite/PostgreSQL differences, handled once.
 * - counts: number in SQLite, bigint string in PostgreSQL → toCount
 * - booleans: stored as integers 0/1 on both → toBool / fromBool
 * - timestamps: stored as ISO-8601 UTC text on both (sortable, no Date/string split) → nowIso
 * - case/accents: LIKE differs, so searchable text is stored normalised → normalizeSearch
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
