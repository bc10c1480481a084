/**
 * Municipales 2026 — « Listes candidates au premier tour » (also the second-round file, same layout).
 * Reference: shared/reference/official-data-formats.md §1b.
 *
 * `;`-separated, UTF-8, every field double-quoted (`""` inside a field is a quote). Columns are read
 * BY NAME: only the tail of the column order is verified.
 *
 * Choices:
 * - `Code circonscription` is the commune INSEE code (territoryKind 'commune'). A Paris/Lyon/Marseille
 *   sector (the conseils d'arrondissement ballots) is written by the Ministère as the commune code +
 *   `SR` + sector number, e.g. `13055SR01` (the form used in its 2020 result files and read by public
 *   projects): such codes give territoryKind 'secteur' with the code normalised to two digits
 *   (`75056SR1` → `75056SR01`). Any other code is rejected with the reason.
 * - Rows with an empty `Numéro de panneau` are REJECTED with an explicit reason rather than skipped
 *   silently, so that « lignes lues = enregistrements + rejets » holds and the report shows them
 *   (public importers drop them: they belong to no registered list).
 * - `Tête de liste`: `OUI`, `Oui`, `O`… (any case) → head; empty → not head. No fallback on Ordre 1.
 * - `CC`: non-empty → communautaire, except an explicit `NON`/`N`; empty → false.
 * - Consecutive candidates of one list share one ListRecord object (read-only for consumers).
 */

import type { CandidateRecord, ListRecord } from '../records.ts';
import {
  type CandidateFormat,
  type ColumnDef,
  checkFieldCount,
  headerMatches,
  INSEE_COMMUNE,
  isNo,
  isYes,
  normalizeDepartement,
  parseDelimited,
  parseIntStrict,
  parseSex,
  quote,
  type RowReader,
  resolveColumns,
  sectorCode,
  splitHeader,
  splitSemicolonQuoted,
  UNCLOSED_QUOTE,
} from './common.ts';

const COLUMNS = {
  departement: { names: ['Code département'], required: true },
  code: { names: ['Code circonscription'], required: true },
  name: { names: ['Circonscription'] },
  panel: { names: ['Numéro de panneau'], required: true },
  shortName: { names: ['Libellé abrégé de liste'] },
  listName: { names: ['Libellé de la liste'], required: true },
  nuanceCode: { names: ['Code nuance de liste'] },
  nuanceLabel: { names: ['Nuance de liste'] },
  head: { names: ['Tête de liste'], required: true },
  order: { names: ['Ordre'], required: true },
  sex: { names: ['Sexe'], required: true },
  lastName: { names: ['Nom sur le bulletin de vote'], required: true },
  firstName: { names: ['Prénom sur le bulletin de vote'], required: true },
  nationality: { names: ['Nationalité'] },
  personality: { names: ['Code personnalité'] },
  cc: { names: ['CC'] },
} satisfies Record<string, ColumnDef>;

const SECTOR = /^(\d{5}|2[AB]\d{3})SR(\d{1,2})$/i;

interface Territory {
  kind: 'commune' | 'secteur';
  code: string;
  departement: string;
}

/**
 * `Code circonscription` (+ `Code département`) → territory, or a French reason.
 * Exported for tests and for the synthetic-file generator's checks.
 */
export function territoryOf2026(rawCode: string, rawDepartement: string): Territory | string {
  let code = rawCode.toUpperCase();
  let kind: Territory['kind'] = 'commune';
  const sector = SECTOR.exec(code);
  if (sector) {
    kind = 'secteur';
    code = sectorCode(sector[1], sector[2]);
  } else if (/^\d{4}$/.test(code)) {
    code = `0${code}`; // a leading zero lost by a spreadsheet (départements 01–09)
  } else if (!INSEE_COMMUNE.test(code)) {
    return `Code circonscription non reconnu ${quote(rawCode)} : ni code commune INSEE ni code de secteur (ex. 13055SR01)`;
  }
  const commune = kind === 'secteur' ? code.slice(0, 5) : code;
  const fromCode = commune.startsWith('97') || commune.startsWith('98') ? commune.slice(0, 3) : commune.slice(0, 2);
  let departement = rawDepartement === '' ? fromCode : normalizeDepartement(rawDepartement);
  if (departement === 'ZX' && (fromCode === '977' || fromCode === '978')) departement = fromCode;
  if (departement === 'ZZ' || departement === '99')
    return 'Français de l’étranger (ZZ) : pas de commune pour des municipales';
  if (departement === null || departement === 'ZX') return `Code département invalide ${quote(rawDepartement)}`;
  if (departement !== fromCode) {
    return `Code circonscription ${quote(rawCode)} incohérent avec le code département ${quote(rawDepartement)}`;
  }
  return { kind, code, departement };
}

function makeReader(headerLine: string): RowReader | string {
  const header = splitHeader(headerLine, ';');
  const { index: c, missing } = resolveColumns(header, COLUMNS);
  if (missing.length) return `colonnes manquantes : ${missing.join(', ')}`;
  const expected = header.length;

  // Speed: consecutive rows of one list repeat the same ballot and list columns. When those come
  // first in the header (they do in the published order), a row that starts with exactly the same
  // text as the previous accepted row reuses its territory and list, and only the candidate's
  // columns are split. `prefixFields` = number of leading columns shared by a list (0: disabled).
  const candidateColumns = [c.head, c.order, c.sex, c.lastName, c.firstName, c.nationality, c.personality, c.cc];
  const listColumns = [c.departement, c.code, c.name, c.panel, c.shortName, c.listName, c.nuanceCode, c.nuanceLabel];
  const firstCandidateColumn = Math.min(...candidateColumns.filter((i) => i !== -1));
  const prefixFields = Math.max(...listColumns) < firstCandidateColumn ? firstCandidateColumn : 0;

  let prefix = '';
  let cachedTerritory: Territory | null = null;
  let cachedList: ListRecord | null = null;
  let cachedName: string | null = null;
  let lastCode = '';
  let lastDepartement = '';
  let lastTerritory: Territory | string = '';

  return (text: string, line: number): CandidateRecord | string => {
    let f: string[] | null;
    let o = 0; // f[i] is column i + o
    let territory: Territory;
    let list: ListRecord;
    let territoryName: string | null;
    if (prefix !== '' && text.startsWith(prefix)) {
      f = splitSemicolonQuoted(text.slice(prefix.length));
      if (f === null) return UNCLOSED_QUOTE;
      o = prefixFields;
      if (f.length + o !== expected) {
        const bad = checkFieldCount(f, expected, o);
        if (bad) return bad;
      }
      territory = cachedTerritory!;
      list = cachedList!;
      territoryName = cachedName;
    } else {
      f = splitSemicolonQuoted(text);
      if (f === null) return UNCLOSED_QUOTE;
      if (f.length !== expected) {
        const bad = checkFieldCount(f, expected);
        if (bad) return bad;
      }
      const panelRaw = f[c.panel].trim();
      if (panelRaw === '')
        return 'Numéro de panneau vide : candidature rattachée à aucune liste déposée, ligne ignorée';
      const panel = parseIntStrict(panelRaw);
      if (panel <= 0) return `Numéro de panneau invalide ${quote(panelRaw)}`;
      const code = f[c.code].trim();
      const dept = f[c.departement].trim();
      if (code !== lastCode || dept !== lastDepartement) {
        lastCode = code;
        lastDepartement = dept;
        lastTerritory = territoryOf2026(code, dept);
      }
      if (typeof lastTerritory === 'string') return lastTerritory;
      territory = lastTerritory;
      const nuanceCode = c.nuanceCode === -1 ? '' : f[c.nuanceCode].trim();
      const nuanceLabel = c.nuanceLabel === -1 ? '' : f[c.nuanceLabel].trim();
      list = {
        panel,
        shortName: c.shortName === -1 ? '' : f[c.shortName].trim(),
        name: f[c.listName].trim(),
        nuanceCode: nuanceCode === '' ? null : nuanceCode,
        nuanceLabel: nuanceLabel === '' ? null : nuanceLabel,
      };
      const name = c.name === -1 ? '' : f[c.name].trim();
      territoryName = name === '' ? null : name;
      // Remember this list for the next rows, when its columns were written plainly quoted.
      if (prefixFields > 0) {
        const written = `"${f.slice(0, prefixFields).join('";"')}";`;
        prefix = text.startsWith(written) ? written : '';
        cachedTerritory = territory;
        cachedList = list;
        cachedName = territoryName;
      }
    }

    const orderRaw = f[c.order - o].trim();
    const order = parseIntStrict(orderRaw);
    if (order <= 0) return `Ordre non numérique ${quote(orderRaw)} : attendu le rang sur la liste (1, 2, …)`;
    const sexRaw = f[c.sex - o].trim();
    const sex = parseSex(sexRaw);
    if (sex === null) return `Sexe invalide ${quote(sexRaw)} : attendu M ou F`;
    const lastName = f[c.lastName - o].trim();
    if (lastName === '') return 'Nom sur le bulletin de vote vide';
    const cc = c.cc === -1 ? '' : f[c.cc - o].trim();
    const nationality = c.nationality === -1 ? '' : f[c.nationality - o].trim();
    const personality = c.personality === -1 ? '' : f[c.personality - o].trim();
    return {
      line,
      electionKind: 'municipales',
      territoryKind: territory.kind,
      territoryCode: territory.code,
      departementCode: territory.departement,
      territoryName,
      list,
      position: order,
      head: isYes(f[c.head - o].trim()),
      panel: null,
      nuanceCode: list.nuanceCode,
      sex,
      lastName,
      firstName: f[c.firstName - o].trim(),
      birthDate: null,
      nationality: nationality === '' ? null : nationality,
      profession: null,
      outgoing: null,
      communautaire: c.cc === -1 ? null : cc !== '' && !isNo(cc),
      personalityCode: personality === '' ? null : personality,
      substitute: null,
    };
  };
}

const detect = (headerLine: string) => headerMatches(headerLine, ';', COLUMNS);

export const municipales2026: CandidateFormat = {
  id: 'municipales-2026',
  label: 'Municipales 2026 — listes candidates (Ministère de l’Intérieur, CSV « ; » UTF-8)',
  kind: 'candidates',
  defaultElection: 'municipales-2026',
  publishedEncoding: 'utf-8',
  separator: ';',
  detect,
  parse: (path, info) => parseDelimited({ label: 'Municipales 2026', detect, makeReader }, path, info),
};
