import { type Cell, cellPages, cellText, type Dataset } from './dataset.ts';

/**
 * CSV after RFC 4180: comma separator, CRLF line ends, fields quoted when they hold a comma, a quote
 * (doubled), a line break or a semicolon (so that a reader guessing ";" — Excel in French — still
 * sees one field). UTF-8 with a byte order mark: without it Excel reads the accents as latin-1.
 */
export const CSV_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",;\r\n]/;

export function csvField(value: Cell): string {
  if (typeof value === 'number') return String(value);
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: Cell[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += i === 0 ? csvField(values[i]) : `,${csvField(values[i])}`;
  return `${line}\r\n`;
}

/** The file as text chunks of about 64 kB, produced as rows arrive. */
export async function* csvChunks(dataset: Dataset): AsyncGenerator<string> {
  let buffer = CSV_BOM + csvLine(dataset.columns.map((c) => c.header));
  for await (const page of cellPages(dataset)) {
    for (const cells of page) {
      buffer += csvLine(cells);
      if (buffer.length >= 65536) {
        yield buffer;
        buffer = '';
      }
    }
  }
  yield buffer;
}
