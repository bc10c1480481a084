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
  /**
   * The same rows in pages, each row the array of its cells in column order: the writers read this
   * when a dataset has it (the large tables), which spares an object and an await per row.
   */
  pages?(): AsyncIterable<Cell[][]>;
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

/** The rows of a dataset in pages of cell arrays (column order): its own pages, or its rows regrouped. */
export async function* cellPages(dataset: Dataset, size = 500): AsyncGenerator<Cell[][]> {
  if (dataset.pages) {
    yield* dataset.pages();
    return;
  }
  let page: Cell[][] = [];
  for await (const row of dataset.rows()) {
    page.push(dataset.columns.map((c) => row[c.key]));
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Rows as objects keyed by the columns, from pages of cell arrays. */
export async function* rowsOfPages(columns: Column[], pages: AsyncIterable<Cell[][]>): AsyncGenerator<Row> {
  for await (const page of pages) {
    for (const cells of page) {
      const row: Row = {};
      columns.forEach((c, i) => {
        row[c.key] = cells[i];
      });
      yield row;
    }
  }
}

/**
 * Reads pages of at most `size` rows after the last key until a short page: keyset paging on both
 * databases, so an export never holds a long transaction or a whole table. The next page is asked for
 * as soon as a page arrives, so the database (PostgreSQL: another process) reads it while this one is
 * written out; at most two pages are held.
 */
export async function* keysetPages<T>(
  fetchPage: (after: string | undefined, size: number) => Promise<T[]>,
  keyOf: (row: T) => string,
  size = 2000,
): AsyncGenerator<T[]> {
  const ask = (after: string | undefined) => {
    const promise = fetchPage(after, size);
    // Marked as handled: if the reader stops early (client gone), a failing read is not unhandled.
    promise.catch(() => {});
    return promise;
  };
  let next: Promise<T[]> | undefined = ask(undefined);
  while (next) {
    const page: T[] = await next;
    next = page.length < size ? undefined : ask(keyOf(page[page.length - 1] as T));
    if (page.length > 0) yield page;
  }
}
