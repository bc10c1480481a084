// Small pure helpers shared by the Répertoire national des élus parsers: splitting a line,
// matching header names, and normalising dates, sexes and territory codes.

import type { Sex } from '../records.ts';

/**
 * Splits one RNE line on `;`. The RNE is published unquoted (values may contain commas but never
 * `;`), so a plain split is the rule; a field that *starts* with `"` is read as a quoted CSV
 * field (`""` for a quote) so that a snapshot re-saved with quotes still parses. A `"` elsewhere
 * in a value is kept as a literal character.
 */
export function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(';');
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const c = line[j];
        if (c === '"') {
          if (line[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += c;
        j += 1;
      }
      if (closed) {
        const next = line.indexOf(';', j);
        // Anything between the closing quote and the separator is kept, as a lenient reader would.
        value += next === -1 ? line.slice(j) : line.slice(j, next);
        fields.push(value);
        if (next === -1) return fields;
        i = next + 1;
        continue;
      }
      // An opening quote never closed: not a quoted field after all, read it literally.
    }
    const next = line.indexOf(';', i);
    if (next === -1) {
      fields.push(line.slice(i));
      return fields;
    }
    fields.push(line.slice(i, next));
    i = next + 1;
  }
}

/**
 * Key used to compare header names across snapshots: no BOM, accents, case, apostrophe style,
 * spaces or punctuation. `Libellé de l'EPCI`, `LIBELLE DE L’EPCI` and `Libelle de l EPCI` match.
 */
export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * `DD/MM/YYYY` (June 2025 snapshot) or ISO `YYYY-MM-DD` (Aug 2026 snapshot) → ISO. Returns null
 * for an empty value and undefined for a value that is not a real calendar date.
 */
export function parseDate(value: string): string | null | undefined {
  if (value.length === 10) {
    const fast = parseDate10(value);
    if (fast !== undefined) return fast;
  }
  const v = value.trim();
  if (v === '') return null;
  let year: number;
  let month: number;
  let day: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(v);
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    if (!m) return undefined;
    day = Number(m[1]);
    month = Number(m[2]);
    year = Number(m[3]);
  }
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of `text` from `start` to `end` (excluded) as a number, or -1 if one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The two shapes of every row of a national file, `JJ/MM/AAAA` and `AAAA-MM-JJ`, read without
 * regular expressions (three dates a row, half a million rows); undefined for anything else, which
 * the general reader then handles.
 */
function parseDate10(v: string): string | undefined {
  let year: number;
  let month: number;
  let day: number;
  let iso: string;
  if (v.charCodeAt(2) === 47 && v.charCodeAt(5) === 47) {
    day = digits(v, 0, 2);
    month = digits(v, 3, 5);
    year = digits(v, 6, 10);
    iso = `${v.slice(6, 10)}-${v.slice(3, 5)}-${v.slice(0, 2)}`;
  } else if (v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    year = digits(v, 0, 4);
    month = digits(v, 5, 7);
    day = digits(v, 8, 10);
    iso = v;
  } else return undefined;
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0)) return undefined;
  return iso;
}

/** `M` / `F` (any case) → Sex; empty → null; anything else → undefined. */
export function parseSex(value: string): Sex | null | undefined {
  const v = value.trim().toUpperCase();
  if (v === '') return null;
  if (v === 'M' || v === 'F') return v;
  return undefined;
}

/** The Ministère's overseas codes, used until 2024, and their INSEE département codes. */
export const OVERSEAS_Z_CODES: Readonly<Record<string, string>> = {
  ZA: '971',
  ZB: '972',
  ZC: '973',
  ZD: '974',
  ZM: '976',
  ZN: '988',
  ZP: '987',
  ZS: '975',
  ZW: '986',
  ZX: '977',
};

/**
 * Normalises a département code as written in an RNE file: trimmed, upper case, `Z?` overseas
 * codes mapped to INSEE (`ZA` → `971`), a lone digit padded (`1` → `01`). Other values are kept as
 * written; the import service checks them against the territories.
 */
export function normaliseDepartement(value: string): string {
  const v = value.trim().toUpperCase();
  if (OVERSEAS_Z_CODES[v]) return OVERSEAS_Z_CODES[v];
  if (/^\d$/.test(v)) return `0${v}`;
  return v;
}

/**
 * Normalises a commune INSEE code: trimmed, upper case, a 4-digit code padded (`1001` → `01001`,
 * as spreadsheets drop the zero), a Ministère overseas code mapped (`ZA101` → `97101`,
 * `ZX801` → `97801`: the 3-digit commune part carries the last digit of the département).
 */
export function normaliseCommune(value: string): string {
  const v = value.trim().toUpperCase();
  const z = /^(Z[A-Z])(\d{3})$/.exec(v);
  if (z && OVERSEAS_Z_CODES[z[1]!]) return OVERSEAS_Z_CODES[z[1]!]!.slice(0, 2) + z[2];
  if (/^\d{4}$/.test(v)) return `0${v}`;
  return v;
}

/** The département of a commune INSEE code: 3 characters overseas (`97101` → `971`), else 2. */
export function departementOfCommune(code: string): string {
  return /^9[78]/.test(code) ? code.slice(0, 3) : code.slice(0, 2);
}

/**
 * Circonscription législative code of the RNE (`0101`, `97101`, `2A01`; `ZA01` tolerated) →
 * circonscription id `01-01`, `971-01`, `2A-01`, `971-01`. The département column, when given,
 * tells where the département part ends; otherwise the last two characters are the number.
 * A bare number (`1`, `01`) takes the département column. Returns undefined when unreadable.
 */
export function circonscriptionId(code: string, departementColumn: string): string | undefined {
  const c = code.trim().toUpperCase();
  const rawDep = departementColumn.trim().toUpperCase();
  let dep: string;
  let num: string;
  if (/^\d{1,2}$/.test(c)) {
    if (rawDep === '') return undefined;
    dep = rawDep;
    num = c;
  } else if (rawDep !== '' && c.startsWith(rawDep) && /^\d{1,2}$/.test(c.slice(rawDep.length))) {
    dep = rawDep;
    num = c.slice(rawDep.length);
  } else {
    const normDep = normaliseDepartement(rawDep);
    if (normDep !== '' && c.startsWith(normDep) && /^\d{1,2}$/.test(c.slice(normDep.length))) {
      dep = normDep;
      num = c.slice(normDep.length);
    } else {
      dep = c.slice(0, -2);
      num = c.slice(-2);
    }
  }
  dep = normaliseDepartement(dep);
  if (!/^(\d{2,3}|2[AB]|ZZ)$/.test(dep) || !/^\d{1,2}$/.test(num) || Number(num) === 0) return undefined;
  return `${dep}-${num.padStart(2, '0')}`;
}
