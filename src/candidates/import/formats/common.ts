/**
 * What the candidate-file parsers share: header matching by name, line splitting, code
 * normalisation (overseas `Z?` départements), value readers and the streaming driver.
 *
 * Every reader returns either a record or a French reason (a string) naming the faulty field;
 * the driver turns reasons into RejectedRow entries with the line number and the raw line.
 */
import type { Encoding } from '../encoding.ts';
import { readLineChunks } from '../read-lines.ts';
import type { CandidateRecord, FileInfo, FormatParser, ParsedBatch, RejectedRow, Sex } from '../records.ts';

/** A candidate format, with what a caller needs to detect it and to warn about the encoding. */
export interface CandidateFormat extends FormatParser<CandidateRecord> {
  /** Encoding the Ministère publishes this format in (the bytes decide how it is read, see encoding.ts). */
  publishedEncoding: Encoding;
  separator: ';' | '\t';
}

export const BATCH_SIZE = 1000;
/** The header must appear within the first lines (the 2020 file has a title line and a blank line first). */
export const HEADER_SCAN_LINES = 10;

// ---------------------------------------------------------------------------------------------
// Header

/** Header cell → comparable key: no BOM, no quotes, no accents, lower case, punctuation as spaces. */
export function normalizeHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Splits a header line with the format's separator; quotes and BOM are tolerated. */
export function splitHeader(line: string, separator: ';' | '\t'): string[] {
  const clean = line.replace(/^\uFEFF/, '');
  const fields = separator === ';' ? (splitSemicolonQuoted(clean) ?? clean.split(';')) : clean.split('\t');
  return fields.map(normalizeHeaderName);
}

export interface ColumnDef {
  /** Accepted header names (any spelling; compared after normalizeHeaderName). */
  names: string[];
  required?: boolean;
}

export type Columns<K extends string> = Record<K, number>;

/** Index of each wanted column in the header (-1 when absent), and the required ones missing. */
export function resolveColumns<K extends string>(
  header: string[],
  spec: Record<K, ColumnDef>,
): { index: Columns<K>; missing: string[] } {
  const index = {} as Columns<K>;
  const missing: string[] = [];
  for (const key of Object.keys(spec) as K[]) {
    const def = spec[key];
    let found = -1;
    for (const name of def.names) {
      found = header.indexOf(normalizeHeaderName(name));
      if (found !== -1) break;
    }
    index[key] = found;
    if (found === -1 && def.required) missing.push(def.names[0]);
  }
  return { index, missing };
}

/** True when every required column is in the header and none of the `absent` names is. */
export function headerMatches(
  line: string,
  separator: ';' | '\t',
  spec: Record<string, ColumnDef>,
  absent: string[] = [],
): boolean {
  if (!line.includes(separator)) return false;
  const header = splitHeader(line, separator);
  if (resolveColumns(header, spec).missing.length > 0) return false;
  return absent.every((name) => !header.includes(normalizeHeaderName(name)));
}

// ---------------------------------------------------------------------------------------------
// Line splitting

/**
 * Splits one line of a `;`-separated file whose fields are (usually) all double-quoted, with `""`
 * standing for a quote inside a field. Unquoted fields are accepted too. Returns null when a quote
 * is never closed (a truncated line). Newlines inside quoted fields are not supported: the
 * Ministère's files have none.
 *
 * Fast path (nearly every line): `"a";"b";…;"z"` is cut on `";"` with no per-character work; it is
 * only taken when no piece contains a quote, so escaped quotes and odd quoting go to the slow path.
 */
export function splitSemicolonQuoted(line: string): string[] | null {
  const n = line.length;
  if (n >= 2 && line.charCodeAt(0) === 34 && line.charCodeAt(n - 1) === 34) {
    const parts = line.slice(1, n - 1).split('";"');
    let clean = true;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].indexOf('"') !== -1) {
        clean = false;
        break;
      }
    }
    if (clean) return parts;
  }
  if (line.indexOf('"') === -1) return line.split(';');
  return splitSlow(line);
}

function splitSlow(line: string): string[] | null {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let value: string;
    if (i < n && line.charCodeAt(i) === 34) {
      value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) return null;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Characters after the closing quote (malformed, e.g. `"a"b;`) are kept as written.
      const sep = line.indexOf(';', i);
      const end = sep === -1 ? n : sep;
      if (end > i) value += line.slice(i, end);
      i = end;
    } else {
      const sep = line.indexOf(';', i);
      const end = sep === -1 ? n : sep;
      value = line.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i >= n) return fields;
    i++; // skip ';' — a ';' at the very end gives one more (empty) field
  }
}

// ---------------------------------------------------------------------------------------------
// Codes

/** Ministère overseas codes used until 2022 → INSEE codes. ZX (977 and 978) and ZZ need context. */
export const OVERSEAS_DEPARTEMENTS: Readonly<Record<string, string>> = {
  ZA: '971',
  ZB: '972',
  ZC: '973',
  ZD: '974',
  ZM: '976',
  ZN: '988',
  ZP: '987',
  ZS: '975',
  ZW: '986',
};

/**
 * A département code as found in a Ministère file → INSEE form (`1` → `01`, `ZA` → `971`, `2a` → `2A`).
 * `ZX` and `ZZ` are returned as is (the caller decides); null when the code is not a département.
 */
export function normalizeDepartement(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  const overseas = OVERSEAS_DEPARTEMENTS[code];
  if (overseas) return overseas;
  if (code === 'ZX' || code === 'ZZ') return code;
  if (/^\d$/.test(code)) return `0${code}`;
  if (/^(0[1-9]|[1-9]\d|2[AB])$/.test(code) && code !== '20') return code;
  if (/^9[78]\d$/.test(code)) return code;
  return null;
}

/** INSEE commune code: 5 characters, digits (2A/2B for Corsica). */
export const INSEE_COMMUNE = /^(\d{5}|2[AB]\d{3})$/;

/** Paris/Lyon/Marseille sector code as the Ministère writes it: commune INSEE code + `SR` + number (`13055SR01`). */
export const SECTOR_CODE = /^(75056|69123|13055)SR(\d{1,2})$/;

/** Canonical sector code: `13055SR1` → `13055SR01`. */
export function sectorCode(commune: string, number: string): string {
  return `${commune}SR${number.padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A positive integer written with digits only (leading zeros allowed); -1 otherwise. */
export function parseIntStrict(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** `M`/`F` (any case); null for anything else. */
export function parseSex(s: string): Sex | null {
  if (s === 'M' || s === 'F') return s;
  if (s === 'm') return 'M';
  if (s === 'f') return 'F';
  return null;
}

/** `OUI`, `Oui`, `O`, `X`, `1`, `VRAI`… → true. Empty, `NON`, `N`… → false. */
export function isYes(s: string): boolean {
  if (s === '') return false;
  if (s === 'OUI' || s === 'O') return true;
  const v = s.toLowerCase();
  return v === 'oui' || v === 'o' || v === 'x' || v === '1' || v === 'vrai' || v === 'true' || v === 'yes';
}

/** Explicit "no" values; used where any other non-empty value means yes (the 2026 CC column). */
export function isNo(s: string): boolean {
  const v = s.toLowerCase();
  return v === 'non' || v === 'n' || v === '0' || v === 'faux' || v === 'false' || v === 'no';
}

/**
 * `DD/MM/YYYY` (also `D/M/YYYY`) or ISO `YYYY-MM-DD` → ISO. Empty → null. Invalid → undefined.
 * The calendar is checked (31/02 is invalid).
 */
export function parseDate(s: string): string | null | undefined {
  if (s === '') return null;
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
    if (!match) return undefined;
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1850 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Empty → null. */
export function orNull(s: string): string | null {
  return s === '' ? null : s;
}

/** « X » quoting for messages, shortened. */
export function quote(value: string): string {
  const v = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `« ${v} »`;
}

export function fieldCountReason(found: number, expected: number): string {
  return found < expected
    ? `ligne incomplète : ${found} colonne${found > 1 ? 's' : ''} au lieu de ${expected} (ligne tronquée ?)`
    : `colonnes en trop : ${found} au lieu de ${expected}`;
}

// ---------------------------------------------------------------------------------------------
// Driver

/** Reads one data line into a record, or gives the French reason it is rejected. */
export type RowReader = (text: string, line: number) => CandidateRecord | string;

export const UNCLOSED_QUOTE = 'guillemet non fermé (ligne tronquée ?)';

/** The line splitter of a format: `;` with quotes, or a plain separator (TAB files have no quoting). */
export function splitterFor(separator: ';' | '\t', quoted: boolean): (text: string) => string[] | null {
  if (quoted) return splitSemicolonQuoted;
  return (text) => text.split(separator);
}

export interface DelimitedFormat {
  label: string;
  detect(headerLine: string): boolean;
  /** Builds the row reader from the (raw) header line; a string is a fatal error message. */
  makeReader(headerLine: string): RowReader | string;
}

/**
 * Streams a delimited candidate file: skips title lines up to the header, then yields batches of
 * about BATCH_SIZE rows (records + rejected). Blank lines are skipped silently.
 */
export async function* parseDelimited(
  format: DelimitedFormat,
  path: string,
  info: FileInfo,
): AsyncGenerator<ParsedBatch<CandidateRecord>> {
  let reader: RowReader | null = null;
  let records: CandidateRecord[] = [];
  let rejected: RejectedRow[] = [];
  for await (const chunk of readLineChunks(path, info.encoding)) {
    const lines = chunk.lines;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      const line = chunk.firstLine + i;
      if (reader === null) {
        if (format.detect(text)) {
          const made = format.makeReader(text);
          if (typeof made === 'string') throw new Error(`${format.label} : ${made}`);
          reader = made;
        } else if (line >= HEADER_SCAN_LINES) {
          throw new Error(
            `${format.label} : en-tête introuvable dans les ${HEADER_SCAN_LINES} premières lignes du fichier`,
          );
        }
        continue;
      }
      if (text.length === 0 || text.trim().length === 0) continue;
      const result = reader(text, line);
      if (typeof result === 'string') rejected.push({ line, reason: result, raw: text });
      else records.push(result);
      if (records.length + rejected.length >= BATCH_SIZE) {
        yield { records, rejected };
        records = [];
        rejected = [];
      }
    }
  }
  if (reader === null) throw new Error(`${format.label} : en-tête introuvable (fichier sans ligne d’en-tête)`);
  if (records.length > 0 || rejected.length > 0) yield { records, rejected };
}

/**
 * Checks the field count of a `;` row against the header: trailing empty fields (a trailing `;`)
 * are tolerated. `skipped` fields were already consumed before `fields` (they count in messages).
 * Returns a reason, or null when the count is right.
 */
export function checkFieldCount(fields: string[], expected: number, skipped = 0): string | null {
  const n = fields.length + skipped;
  if (n === expected) return null;
  if (n < expected) return fieldCountReason(n, expected);
  for (let i = expected - skipped; i < fields.length; i++)
    if (fields[i].trim() !== '') return fieldCountReason(n, expected);
  return null;
}
