// The machinery shared by the five RNE parsers: columns are found by header name (snapshots add,
// drop and rename columns), each row is checked and turned into an ElectedRecord or a rejected row,
// and records are streamed in batches.

import { readLines } from '../read-lines.ts';
import type { ElectedRecord, FileInfo, FormatParser, ParsedBatch, RejectedRow } from '../records.ts';
import {
  departementOfCommune,
  headerKey,
  normaliseCommune,
  normaliseDepartement,
  parseDate,
  parseSex,
  splitLine,
} from './fields.ts';

export const BATCH_SIZE = 1000;
/** Lines searched for the header (the RNE has it on line 1; a title line would push it down). */
export const HEADER_SEARCH_LINES = 5;

/**
 * Every column the RNE parsers know, by canonical key, with the names seen across snapshots.
 * Names are compared through `headerKey` (no accents, case, spaces or punctuation).
 */
export const COLUMNS = {
  departementCode: ['Code du département', 'Code département'],
  departementName: ['Libellé du département', 'Libellé département'],
  communeCode: ['Code de la commune', 'Code Insee de la commune', 'Code commune'],
  communeName: ['Libellé de la commune', 'Libellé commune'],
  rattachementCode: ['Code de la commune de rattachement', 'Code commune rattachée', 'Code commune de rattachement'],
  rattachementName: [
    'Libellé de la commune de rattachement',
    'Libellé commune rattachée',
    'Libellé commune de rattachement',
  ],
  siren: ['N° SIREN', 'Numéro SIREN', "N° SIREN de l'EPCI", "Numéro SIREN de l'EPCI", 'SIREN', 'Code SIREN'],
  epciName: ["Libellé de l'EPCI", 'Libellé EPCI', "Nom de l'EPCI"],
  circonscriptionCode: ['Code de la circonscription législative', 'Code circonscription législative'],
  circonscriptionName: ['Libellé de la circonscription législative', 'Libellé circonscription législative'],
  lastName: ["Nom de l'élu", "Nom de l'élu(e)"],
  firstName: ["Prénom de l'élu", "Prénom de l'élu(e)"],
  sex: ['Code sexe', "Code sexe de l'élu", 'Sexe'],
  birthDate: ['Date de naissance'],
  mandateStart: ['Date de début du mandat'],
  functionLabel: ['Libellé de la fonction', 'Libellé de fonction'],
  functionStart: ['Date de début de la fonction'],
  // Other territorial levels of the RNE: their presence tells another file apart.
  canton: ['Code du canton'],
  region: ['Code de la région'],
  departementSection: ['Code de la section départementale'],
  metropolitanCirconscription: ['Code de la circonscription métropolitaine'],
  cspSection: ['Code de la section - collectivité à statut particulier'],
  sector: ['Libellé du secteur', 'Code du secteur'],
  consular: ['Code de la circonscription consulaire', 'Code de la circonscription AFE', 'Code de la circ. AFE'],
} as const satisfies Record<string, readonly string[]>;

export type Column = keyof typeof COLUMNS;

const KEY_TO_COLUMN = new Map<string, Column>();
for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
  for (const name of names) KEY_TO_COLUMN.set(headerKey(name), column);
}

/** The territorial columns of every RNE file; each parser forbids those that are not its own. */
export const TERRITORIAL_COLUMNS: readonly Column[] = [
  'communeCode',
  'rattachementCode',
  'siren',
  'epciName',
  'circonscriptionCode',
  'canton',
  'region',
  'departementSection',
  'metropolitanCirconscription',
  'cspSection',
  'sector',
  'consular',
];

export interface Header {
  /** Number of columns in the header line. */
  width: number;
  /** Column index of each known column found (the first one when a name repeats). */
  index: Partial<Record<Column, number>>;
}

export function readHeader(line: string): Header {
  const names = splitLine(line);
  const index: Partial<Record<Column, number>> = {};
  names.forEach((name, i) => {
    const column = KEY_TO_COLUMN.get(headerKey(name));
    if (column && index[column] === undefined) index[column] = i;
  });
  return { width: names.length, index };
}

/** A row's values, read by column key; '' for a column the file does not have. */
export type Row = (column: Column) => string;

/** What a parser builds from a row: the territory part of the record, or a French rejection reason. */
export type Territory = Pick<ElectedRecord, 'territoryKind' | 'territoryCode' | 'departementCode' | 'communeCode'> & {
  territoryName: string | null;
};

export interface RneDefinition {
  id: string;
  label: string;
  mandate: ElectedRecord['mandate'];
  /** Columns the header must have. */
  required: readonly Column[];
  /** Columns the header must not have (another RNE file's territorial level). */
  forbidden: readonly Column[];
  territory(row: Row): Territory | string;
}

/** A parser of an RNE file. RNE files are published in UTF-8. */
export type RneParser = FormatParser<ElectedRecord> & { publishedEncoding: 'utf-8' };

export function forbiddenExcept(...own: Column[]): Column[] {
  return TERRITORIAL_COLUMNS.filter((c) => !own.includes(c));
}

/** French name of a column, for messages: the first name the RNE uses. */
export function columnName(column: Column): string {
  return COLUMNS[column][0];
}

const PERSON_COLUMNS: readonly Column[] = ['lastName', 'firstName', 'sex', 'birthDate', 'mandateStart'];

export function createRneParser(def: RneDefinition): RneParser {
  const required = [...PERSON_COLUMNS, ...def.required];
  const detect = (headerLine: string): boolean => {
    const header = readHeader(headerLine);
    return (
      required.every((c) => header.index[c] !== undefined) && def.forbidden.every((c) => header.index[c] === undefined)
    );
  };
  return {
    id: def.id,
    label: def.label,
    kind: 'elected',
    defaultElection: null,
    publishedEncoding: 'utf-8',
    detect,
    parse: (path: string, info: FileInfo) => parseFile(def, detect, path, info),
  };
}

async function* parseFile(
  def: RneDefinition,
  detect: (line: string) => boolean,
  path: string,
  info: FileInfo,
): AsyncGenerator<ParsedBatch<ElectedRecord>> {
  let header: Header | null = null;
  let headerText = '';
  let records: ElectedRecord[] = [];
  let rejected: RejectedRow[] = [];
  for await (const line of readLines(path, info.encoding)) {
    if (header === null) {
      if (line.line > HEADER_SEARCH_LINES) break;
      if (detect(line.text)) {
        header = readHeader(line.text);
        headerText = line.text;
      }
      continue;
    }
    if (line.text.trim() === '' || line.text === headerText) continue;
    const result = parseRow(def, header, line.text, line.line, line.terminated);
    if (typeof result === 'string') rejected.push({ line: line.line, reason: result, raw: line.text });
    else records.push(result);
    if (records.length + rejected.length >= BATCH_SIZE) {
      yield { records, rejected };
      records = [];
      rejected = [];
    }
  }
  if (header === null) {
    throw new Error(
      `en-tête « ${def.label} » introuvable dans les ${String(HEADER_SEARCH_LINES)} premières lignes du fichier`,
    );
  }
  if (records.length > 0 || rejected.length > 0) yield { records, rejected };
}

/** One data line → a record, or the French reason it is rejected. */
export function parseRow(
  def: RneDefinition,
  header: Header,
  text: string,
  lineNumber: number,
  terminated = true,
): ElectedRecord | string {
  const values = splitLine(text);
  if (values.length < header.width) {
    const counts = `${String(values.length)} colonne${values.length > 1 ? 's' : ''} au lieu de ${String(header.width)}`;
    return terminated
      ? `nombre de colonnes incorrect : ${counts}`
      : `dernière ligne tronquée (fichier incomplet ?) : ${counts}`;
  }
  if (values.length > header.width && values.slice(header.width).some((v) => v.trim() !== '')) {
    return `nombre de colonnes incorrect : ${String(values.length)} colonnes au lieu de ${String(header.width)} (point-virgule dans une valeur ?)`;
  }
  const row: Row = (column) => {
    const i = header.index[column];
    return i === undefined ? '' : values[i]!.trim();
  };

  const lastName = row('lastName');
  if (lastName === '') return `${columnName('lastName')} vide`;
  const firstName = row('firstName');
  const sex = parseSex(row('sex'));
  if (sex === undefined) return `${columnName('sex')} invalide : « ${row('sex')} » (attendu M ou F)`;
  const dates: Partial<Record<Column, string | null>> = {};
  for (const column of ['birthDate', 'mandateStart', 'functionStart'] as const) {
    const date = parseDate(row(column));
    if (date === undefined) {
      return `${columnName(column)} invalide : « ${row(column)} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)`;
    }
    dates[column] = date;
  }
  const territory = def.territory(row);
  if (typeof territory === 'string') return territory;
  const functionLabel = row('functionLabel');
  return {
    line: lineNumber,
    mandate: def.mandate,
    territoryKind: territory.territoryKind,
    territoryCode: territory.territoryCode,
    departementCode: territory.departementCode,
    communeCode: territory.communeCode,
    territoryName: territory.territoryName,
    lastName,
    firstName,
    sex,
    birthDate: dates.birthDate ?? null,
    mandateStart: dates.mandateStart ?? null,
    functionLabel: functionLabel === '' ? null : functionLabel,
    functionStart: dates.functionStart ?? null,
  };
}

/** `value` or null when empty. */
export function orNull(value: string): string | null {
  return value === '' ? null : value;
}

const COMMUNE_CODE = /^\d[\dAB]\d{3}$/;

/**
 * The département of a row: the `Code du département` column normalised, or the commune's when the
 * column is empty or is an ambiguous Ministère code (`ZX` is both 977 and 978).
 */
export function departementFor(row: Row, communeCode: string | null): string {
  const raw = row('departementCode').toUpperCase();
  if (communeCode && (raw === '' || (/^Z[A-Z]$/.test(raw) && /^9[78]\d{3}$/.test(communeCode)))) {
    return departementOfCommune(communeCode);
  }
  return normaliseDepartement(raw);
}

/** Reads a commune code column: null when empty, a reason when malformed. */
export function communeFrom(row: Row, column: Column): string | null | { reason: string } {
  const raw = row(column);
  if (raw === '') return null;
  const code = normaliseCommune(raw);
  if (!COMMUNE_CODE.test(code)) return { reason: `${columnName(column)} invalide : « ${raw} »` };
  return code;
}

/** Territory of a commune mandate (maires, conseillers municipaux). */
export function communeTerritory(row: Row): Territory | string {
  const commune = communeFrom(row, 'communeCode');
  if (commune === null) return `${columnName('communeCode')} vide`;
  if (typeof commune !== 'string') return commune.reason;
  const departementCode = departementFor(row, commune);
  if (departementCode === '') return `${columnName('departementCode')} vide`;
  return {
    territoryKind: 'commune',
    territoryCode: commune,
    departementCode,
    communeCode: commune,
    territoryName: orNull(row('communeName')),
  };
}
