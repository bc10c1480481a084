/**
 * The Ministère's candidate-file formats, and detection of a file's format from its header.
 */
import { inspectBytes, readSample } from '../encoding.ts';
import { readFirstLines } from '../read-lines.ts';
import type { CandidateRecord, FileInfo, FormatParser } from '../records.ts';
import { type CandidateFormat, HEADER_SCAN_LINES } from './common.ts';
import { europeennes2024 } from './europeennes-2024.ts';
import { legislatives2022 } from './legislatives-2022.ts';
import { legislatives2024 } from './legislatives-2024.ts';
import { municipales2020 } from './municipales-2020.ts';
import { municipales2026 } from './municipales-2026.ts';

export type { CandidateFormat } from './common.ts';

export const CANDIDATE_FORMATS: CandidateFormat[] = [
  municipales2026,
  municipales2020,
  legislatives2024,
  legislatives2022,
  europeennes2024,
];

export interface DetectedCandidateFormat {
  parser: FormatParser<CandidateRecord> & CandidateFormat;
  info: FileInfo;
  /** 1-based line number of the header (3 for the 2020 file). */
  headerLine: number;
}

/**
 * Finds which candidate format a file is in: its encoding is decided from its bytes, then the first
 * lines are tried against each format's header. Throws a French message when the file is empty,
 * binary, or in no known format.
 */
export async function detectCandidateFormat(path: string): Promise<DetectedCandidateFormat | null> {
  const { sample, size } = await readSample(path);
  const first = inspectBytes(sample, 'utf-8', size);
  const lines = await readFirstLines(path, first.encoding, HEADER_SCAN_LINES);
  for (let i = 0; i < lines.length; i++) {
    const parser = CANDIDATE_FORMATS.find((format) => format.detect(lines[i]));
    if (parser) {
      const { encoding, encodingWarning } = inspectBytes(sample, parser.publishedEncoding, size);
      return { parser, info: { encoding, encodingWarning }, headerLine: i + 1 };
    }
  }
  return null;
}
