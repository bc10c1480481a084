/**
 * Streams a text file line by line with a fixed-size buffer, so memory stays flat whatever the
 * file size (the national municipales file is ~134 MB / ~900k lines).
 *
 * - Lines are cut on the bytes (LF; a CR before it is dropped) and each complete line is decoded
 *   on its own, so a multi-byte UTF-8 character can never be split between two reads. Decoding
 *   line by line is also what keeps the parsers fast: V8 stores a line with only Latin-1 characters
 *   as a one-byte string, whereas one `’` or `Œ` anywhere in a 1 MB decoded chunk would make every
 *   line sliced from it a two-byte string (2–3× slower to split).
 * - A UTF-8 BOM at the start is dropped. Invalid UTF-8 bytes become U+FFFD.
 * - `latin1` is read as windows-1252 (the WHATWG meaning of the label): identical to ISO-8859-1 for
 *   every printable character, and it also gives `œ`, `Œ`, `€`, `’` for the bytes 0x80–0x9F that
 *   French files saved on Windows contain (ISO-8859-1 has only control characters there).
 * - The last line is returned even without a final newline, and even when it is truncated in the
 *   middle of a character (U+FFFD replaces the partial character).
 * - Line numbers are 1-based physical line numbers, as shown by a text editor.
 */
import { open } from 'node:fs/promises';
import type { Encoding } from './encoding.ts';

export interface LineChunk {
  /** Number (1-based) of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** True when the chunk's last line is the file's last and has no end-of-line: it may be cut short. */
  unterminatedEnd: boolean;
}

const READ_SIZE = 1024 * 1024;
/** A "line" longer than this is not a record of a line-oriented file (binary data, CR-only line ends…). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** windows-1252 characters for the bytes 0x80–0x9F (undefined bytes stay as ISO-8859-1 controls). */
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\x80-\x9f]/g;

function windows1252(buffer: Buffer, start: number, end: number): string {
  const text = buffer.toString('latin1', start, end);
  C1.lastIndex = 0;
  return C1.test(text) ? text.replace(C1, (c) => CP1252[c.charCodeAt(0) - 0x80]) : text;
}

/**
 * Yields the file's lines in chunks (one chunk per ~1 MB read): much cheaper than one `await` per
 * line for large files. Empty lines are kept (numbering stays exact).
 */
export async function* readLineChunks(
  path: string,
  encoding: Encoding,
  readSize = READ_SIZE,
): AsyncGenerator<LineChunk> {
  const handle = await open(path, 'r');
  let buffer = Buffer.allocUnsafe(readSize);
  const utf8 = encoding === 'utf-8';
  let start = 0; // first byte not yet returned
  let end = 0; // end of the bytes read
  let next = 1;
  let firstRead = true;
  let eof = false;
  try {
    while (!eof) {
      if (start > 0) {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      }
      if (end === buffer.length) {
        if (buffer.length >= MAX_LINE_BYTES) {
          throw new Error(
            `Ligne ${next} de plus de ${MAX_LINE_BYTES / 1024 / 1024} Mo sans fin de ligne : ce n’est pas un fichier texte ligne par ligne (CSV/TXT).`,
          );
        }
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, end);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, end, buffer.length - end, null);
      end += bytesRead;
      if (bytesRead === 0) eof = true;
      if (firstRead && (end >= 3 || eof)) {
        firstRead = false;
        if (utf8 && end >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      } else if (firstRead) {
        continue; // fewer than 3 bytes so far: read more before looking for a BOM
      }
      const view = buffer.subarray(0, end);
      const lines: string[] = [];
      let pos = start;
      for (;;) {
        const nl = view.indexOf(10, pos);
        if (nl === -1) break;
        const stop = nl > pos && view[nl - 1] === 13 ? nl - 1 : nl;
        lines.push(utf8 ? view.toString('utf8', pos, stop) : windows1252(view, pos, stop));
        pos = nl + 1;
      }
      let unterminatedEnd = false;
      if (eof && pos < end) {
        // The last line has no final newline (and may be truncated).
        unterminatedEnd = true;
        const stop = view[end - 1] === 13 ? end - 1 : end;
        lines.push(utf8 ? view.toString('utf8', pos, stop) : windows1252(view, pos, stop));
        pos = end;
      }
      start = pos;
      if (lines.length > 0) {
        yield { firstLine: next, lines, unterminatedEnd };
        next += lines.length;
      }
    }
  } finally {
    await handle.close();
  }
}

export interface Line {
  /** 1-based line number. */
  line: number;
  text: string;
  /** False only for a last line without end-of-line: the file may have been cut short. */
  terminated: boolean;
}

/** One line at a time, with its 1-based number. */
export async function* readLines(path: string, encoding: Encoding): AsyncGenerator<Line> {
  for await (const chunk of readLineChunks(path, encoding)) {
    const last = chunk.lines.length - 1;
    for (let i = 0; i <= last; i++) {
      yield {
        line: chunk.firstLine + i,
        text: chunk.lines[i] as string,
        terminated: !(i === last && chunk.unterminatedEnd),
      };
    }
  }
}

/** The first `count` lines (fewer if the file is shorter), without reading the rest of the file. */
export async function readFirstLines(path: string, encoding: Encoding, count: number): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of readLineChunks(path, encoding, 64 * 1024)) {
    for (const line of chunk.lines) {
      out.push(line);
      if (out.length >= count) return out;
    }
  }
  return out;
}
