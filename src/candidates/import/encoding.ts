/**
 * Finds out how an official file is really encoded before it is parsed.
 *
 * The Ministère publishes the 2020 and 2022 files in latin-1 and the 2024/2026 files in UTF-8
 * (see shared/reference/official-data-formats.md §0), but files get re-saved by spreadsheets on the
 * way to us. So the bytes decide: the first few MB are run through a fatal UTF-8 decoder; if they
 * decode, the file is read as UTF-8, otherwise as latin-1. The format's published encoding only
 * decides whether a warning is attached, and which encoding wins when the sample is pure ASCII
 * (where both readings agree).
 */
import { open } from 'node:fs/promises';
import type { FileInfo } from './records.ts';

export type Encoding = FileInfo['encoding'];

export interface FileInspection extends FileInfo {
  /** The file starts with a UTF-8 byte order mark (skipped by the reader). */
  bom: boolean;
  /** Size in bytes. */
  size: number;
}

/** How much of the file is inspected. Decisions on the rest are left to the reader. */
export const SAMPLE_BYTES = 4 * 1024 * 1024;

const LABELS: Record<Encoding, string> = { 'utf-8': 'UTF-8', latin1: 'latin-1' };

/** French message attached to FileInfo when the bytes disagree with the format's published encoding. */
export function encodingWarning(found: Encoding, published: Encoding): string | null {
  if (found === published) return null;
  return `fichier en ${LABELS[found]} alors que ce format est publié en ${LABELS[published]} : lu en ${LABELS[found]}`;
}

/**
 * Decides the encoding of a byte sample (`size`: the whole file's size, when the sample is shorter).
 * Throws (French message) on an empty, binary, compressed or UTF-16 file.
 */
export function inspectBytes(sample: Uint8Array, published: Encoding, size = sample.length): FileInspection {
  if (size === 0 || sample.length === 0) throw new Error('Le fichier est vide (0 octet).');
  const b0 = sample[0];
  const b1 = sample[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new Error('Le fichier est encodé en UTF-16 : réenregistrez-le en UTF-8 (ou latin-1) avant de l’importer.');
  }
  if (b0 === 0x50 && b1 === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    throw new Error(
      'Le fichier est une archive ZIP (ou un classeur XLSX/ODS) : extrayez ou exportez le fichier texte d’origine.',
    );
  }
  if (b0 === 0x1f && b1 === 0x8b)
    throw new Error('Le fichier est compressé (gzip) : décompressez-le avant de l’importer.');
  if (sample.indexOf(0) !== -1) {
    throw new Error('Le fichier contient des octets nuls : c’est un fichier binaire, pas un fichier texte CSV/TXT.');
  }
  const bom = b0 === 0xef && b1 === 0xbb && sample[2] === 0xbf;
  let found: Encoding;
  if (bom) {
    found = 'utf-8';
  } else if (isAscii(sample)) {
    // Both readings agree on the sample: trust the format's documentation.
    found = published;
  } else {
    found = looksUtf8(sample, sample.length >= size) ? 'utf-8' : 'latin1';
  }
  return { encoding: found, encodingWarning: encodingWarning(found, published), bom, size };
}

/**
 * True when the bytes decode as UTF-8. `stream: true` never reports an incomplete sequence cut by
 * the end of the sample as an error: only really invalid bytes throw. When the sample is the whole
 * file, an incomplete sequence at its very end is either a truncated UTF-8 file (if UTF-8
 * characters came before) or a lone latin-1 letter.
 */
function looksUtf8(bytes: Uint8Array, wholeFile: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes, { stream: true });
  } catch {
    return false;
  }
  if (!wholeFile) return true;
  try {
    decoder.decode();
    return true;
  } catch {
    let lead = bytes.length - 1;
    while (lead > 0 && bytes.length - lead < 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
    return !isAscii(bytes.subarray(0, lead));
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/** The first `sampleBytes` bytes of the file, and its size. */
export async function readSample(
  path: string,
  sampleBytes = SAMPLE_BYTES,
): Promise<{ sample: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(Math.min(size, sampleBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { sample: buffer.subarray(0, filled), size };
  } finally {
    await handle.close();
  }
}

/** Reads the first SAMPLE_BYTES of `path` and decides its encoding (see inspectBytes). */
export async function inspectFile(
  path: string,
  published: Encoding,
  sampleBytes = SAMPLE_BYTES,
): Promise<FileInspection> {
  const { sample, size } = await readSample(path, sampleBytes);
  return inspectBytes(sample, published, size);
}
