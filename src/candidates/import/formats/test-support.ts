/** Helpers for the format tests (not used by the application). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../fixtures/make-fixtures.ts';
import type { CandidateRecord, FileInfo, FormatParser, RejectedRow } from '../records.ts';

export const fixture = (name: string) => join(FIXTURES_DIR, name);

export const UTF8: FileInfo = { encoding: 'utf-8', encodingWarning: null };
export const LATIN1: FileInfo = { encoding: 'latin1', encodingWarning: null };

export interface Collected {
  records: CandidateRecord[];
  rejected: RejectedRow[];
  batchSizes: number[];
  byLine: Map<number, CandidateRecord>;
}

export async function collect(parser: FormatParser<CandidateRecord>, path: string, info: FileInfo): Promise<Collected> {
  const records: CandidateRecord[] = [];
  const rejected: RejectedRow[] = [];
  const batchSizes: number[] = [];
  for await (const batch of parser.parse(path, info)) {
    records.push(...batch.records);
    rejected.push(...batch.rejected);
    batchSizes.push(batch.records.length + batch.rejected.length);
  }
  return { records, rejected, batchSizes, byLine: new Map(records.map((r) => [r.line, r])) };
}

/** Writes `content` (string → UTF-8, or raw bytes) to a new temporary file and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-formats-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A record with the fields every candidate row shares, to spread expected values over. */
export function blank(partial: Partial<CandidateRecord>): CandidateRecord {
  return {
    line: 0,
    electionKind: 'municipales',
    territoryKind: 'commune',
    territoryCode: '',
    departementCode: null,
    territoryName: null,
    list: null,
    position: null,
    head: false,
    panel: null,
    nuanceCode: null,
    sex: null,
    lastName: '',
    firstName: '',
    birthDate: null,
    nationality: null,
    profession: null,
    outgoing: null,
    communautaire: null,
    personalityCode: null,
    substitute: null,
    ...partial,
  };
}
