import { type Cell, cellText, type Dataset } from './dataset.ts';

/**
 * CSV after RFC 4180: comma separator, CRLF line ends, fields quoted when they hold a comma, a quote
 * (doubled), a line break or a semicolon (so that a reader guessing ";" — Excel in French — still
 * sees one field). UTF-8 with a byte order mark: without it Excel reads the accents as latin-1.
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: Cell): string {
  const text = cellText(value);
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: Cell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The file as text chunks of about 64 kB, produced as rows arrive. */
export async function* csvChunks(dataset: Dataset): AsyncGenerator<string> {
  let buffer = CSV_BOM + csvLine(dataset.columns.map((c) => c.header));
  for await (const row of dataset.rows()) {
    buffer += csvLine(dataset.columns.map((c) => row[c.key]));
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}
