/**
 * One description of a table of public data feeds the three writers (CSV, ODS, JSON).
 * Rows come from an async iterator (paged queries), so no writer holds a whole table in memory.
 */
export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface Column {
  /** Stable machine name: JSON key (French snake_case). */
  key: string;
  /** Human French header: first row of the CSV and ODS files. */
  header: string;
  /** 'number' cells are numbers in JSON and floats in ODS; booleans become oui/non in CSV/ODS. */
  type: 'string' | 'number' | 'boolean';
}

export interface Dataset {
  /** File name without extension, also the ODS sheet name. */
  name: string;
  columns: Column[];
  rows(): AsyncIterable<Row>;
}

export const FORMATS = ['csv', 'ods', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string | undefined): value is Format {
  return (FORMATS as readonly string[]).includes(value ?? '');
}

/** Text form of a cell for CSV and ODS string cells. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return String(value);
}

/** Reads pages of at most `size` rows after the last key until a short page: keyset paging on both databases. */
export async function* keysetPages<T>(
  fetchPage: (after: string | undefined, size: number) => Promise<T[]>,
  keyOf: (row: T) => string,
  size = 2000,
): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after, size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = keyOf(page[page.length - 1] as T);
  }
}
