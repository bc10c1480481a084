// Test helpers for the RNE parsers (imported by *.test.ts only).
import { fileURLToPath } from 'node:url';
import type { ElectedRecord, FileInfo, FormatParser, RejectedRow } from '../records.ts';

export const UTF8: FileInfo = { encoding: 'utf-8', encodingWarning: null };

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/rne/${name}`, import.meta.url));
}

/** Runs a parser over a whole file and gathers every batch. */
export async function parseAll(
  parser: FormatParser<ElectedRecord>,
  path: string,
  info: FileInfo = UTF8,
): Promise<{ records: ElectedRecord[]; rejected: RejectedRow[]; batches: number[] }> {
  const records: ElectedRecord[] = [];
  const rejected: RejectedRow[] = [];
  const batches: number[] = [];
  for await (const batch of parser.parse(path, info)) {
    records.push(...batch.records);
    rejected.push(...batch.rejected);
    batches.push(batch.records.length + batch.rejected.length);
  }
  return { records, rejected, batches };
}
