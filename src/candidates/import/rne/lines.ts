import { createReadStream } from 'node:fs';

/** One decoded line of a text file. */
export interface Line {
  /** 1-based line number. */
  number: number;
  /** The line without its end-of-line characters (`\n` or `\r\n`); the UTF-8 BOM is removed. */
  text: string;
  /** False only for a last line that has no end-of-line: the file may have been cut short. */
  terminated: boolean;
}

/**
 * Streams a text file line by line, decoding as it goes. Memory stays flat: one read chunk plus
 * the line in progress. `latin1` decodes with the WHATWG `latin1` decoder (windows-1252, a
 * superset that also gives €, œ, Œ from files saved by Windows tools).
 */
export async function* readLines(path: string, encoding: 'utf-8' | 'latin1'): AsyncGenerator<Line> {
  const decoder = new TextDecoder(encoding);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let pending = '';
  let number = 0;
  try {
    for await (const chunk of stream) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let start = 0;
      let end = pending.indexOf('\n', start);
      while (end !== -1) {
        number += 1;
        const stop = end > start && pending.charCodeAt(end - 1) === 13 ? end - 1 : end;
        yield { number, text: pending.slice(start, stop), terminated: true };
        start = end + 1;
        end = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
    }
    pending += decoder.decode();
    if (pending.length > 0) {
      number += 1;
      yield { number, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending, terminated: false };
    }
  } finally {
    stream.destroy();
  }
}
