/**
 * Recognises an official file from its first bytes: refuses what is not a text file, finds the
 * encoding (encoding.ts), finds the header line among the first lines and picks the parser whose
 * `detect` accepts it (Ministère candidate formats first, then the Répertoire national des élus).
 */
import { type Encoding, inspectBytes, readSample } from './encoding.ts';
import { CANDIDATE_FORMATS } from './formats/index.ts';
import type { FileInfo, FormatParser } from './records.ts';
import { RNE_FORMATS } from './rne/index.ts';

/** Lines tried as header: the 2020 file has a title line and a blank line before its header. */
export const HEADER_CANDIDATE_LINES = 5;
/** How much of the header is quoted in the « format non reconnu » message. */
const QUOTED_HEADER_CHARS = 200;
/** Bytes decoded to find the header lines. */
const HEADER_BYTES = 64 * 1024;

export function knownFormats(): readonly FormatParser[] {
  return [...CANDIDATE_FORMATS, ...RNE_FORMATS] as readonly FormatParser[];
}

export class UnknownFormatError extends Error {
  readonly headerLine: string;
  constructor(headerLine: string, formats: readonly FormatParser[]) {
    super(
      `format non reconnu : en-tête lu « ${headerLine.slice(0, QUOTED_HEADER_CHARS)} » ; formats connus : ${formats
        .map((f) => f.label)
        .join(', ')}`,
    );
    this.name = 'UnknownFormatError';
    this.headerLine = headerLine;
  }
}

export interface DetectedFormat {
  parser: FormatParser;
  info: FileInfo;
  /** The header line as decoded (BOM and end of line removed). */
  headerLine: string;
  /** Its 1-based line number in the file. */
  headerLineNumber: number;
}

/** The encoding a format is published in, when its parser says so (`publishedEncoding` property). */
function publishedEncoding(parser: FormatParser): Encoding | null {
  const encoding = (parser as { publishedEncoding?: unknown }).publishedEncoding;
  return encoding === 'utf-8' || encoding === 'latin1' ? encoding : null;
}

/** The lines of the sample's first 64 KB, decoded, without BOM or end-of-line characters. */
function firstLines(sample: Uint8Array, encoding: Encoding): string[] {
  const text = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'windows-1252').decode(
    sample.subarray(0, HEADER_BYTES),
    {
      stream: true,
    },
  );
  return text.split('\n').map((line) => line.replace(/^\uFEFF/, '').replace(/\r$/, ''));
}

/**
 * Detects the format of the file at `path`. Throws a French message for an empty file
 * (« fichier vide »), a binary one (« fichier binaire, pas un fichier texte CSV »), and
 * UnknownFormatError when no known header is found in the first lines.
 */
export async function detectFormat(path: string): Promise<DetectedFormat> {
  const { sample, size } = await readSample(path);
  if (size === 0) throw new Error('fichier vide (0 octet)');
  // Refuses binary, compressed and UTF-16 files; the encoding found here is provisional (it reads
  // the header); the chosen format's published encoding decides pure-ASCII samples and the warning.
  const provisional = inspectBytes(sample, 'utf-8', size);
  const lines = firstLines(sample, provisional.encoding);
  const formats = knownFormats();
  for (let i = 0; i < Math.min(lines.length, HEADER_CANDIDATE_LINES); i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parser = formats.find((format) => format.detect(line));
    if (!parser) continue;
    const published = publishedEncoding(parser) ?? provisional.encoding;
    const { encoding, encodingWarning } = inspectBytes(sample, published, size);
    return { parser, info: { encoding, encodingWarning }, headerLine: line, headerLineNumber: i + 1 };
  }
  const firstNonEmpty = lines.find((line) => line.trim() !== '');
  if (firstNonEmpty === undefined) throw new Error('fichier vide (aucun texte)');
  throw new UnknownFormatError(firstNonEmpty, formats);
}
