/**
 * Municipales 2020 — « Listes candidates » (communes of 1,000 inhabitants or more), first and
 * second round. Reference: shared/reference/official-data-formats.md §0 and §1a.
 *
 * TAB-separated, latin-1, a title line and a blank line before the header (header on line 3; the
 * title is skipped without checking its text), a trailing TAB on each line (empty 15th column),
 * NO quoting: `"` is an ordinary character. Columns are read by name.
 *
 * Choices:
 * - `Code commune` is the 3-character commune part: INSEE = département (padded to 2) + commune
 *   (padded to 3). For overseas départements the Ministère's `Z?` code is mapped (ZA → 971 …) and
 *   the INSEE code is the first two digits of the département + the 3-character part, because the
 *   Ministère's part already starts with the 3rd digit (ZA + 101 → 97101 Les Abymes, ZD + 411 →
 *   97411 Saint-Denis). A part that does not start with that digit is read as the last two digits
 *   (ZA + 001 → 97101).
 * - ZX (Saint-Barthélemy 977 and Saint-Martin 978 share it): told apart by the commune part (7xx →
 *   977, 8xx → 978, as INSEE numbers them 97701 / 97801); any other part is rejected as ambiguous.
 * - ZZ (Français de l'étranger) has no commune: such rows are rejected with that reason.
 * - Paris/Lyon/Marseille voted by sector in 2020. A sector is written `055SR01` (commune part + `SR` +
 *   number, the Ministère's 2020 sub-commune code): it gives territoryKind 'secteur' and the code
 *   `13055SR01`, the same form as in the 2026 parser. A plain `055` is the commune itself.
 * - Two lists have a TAB inside their name, which shifts the row one column right (one field too
 *   many). The public repair routine for them shows the TAB is in the abbreviated label: the full
 *   name (`LE LARDIN ST LAZARE , un nouveau départ`) lands in the nuance column. The repair is
 *   generic: a row with exactly one extra field is re-joined at the abbreviated label (or, when the
 *   pieces show it belongs there, at the full label), the TAB becoming a space, and kept only if the
 *   remaining columns validate (panel and candidate numbers are integers, nuance looks like a code,
 *   sex is M/F). Otherwise the row is rejected as « colonnes décalées ».
 * - No `Tête de liste` column: the candidate ranked 1 is the head of the list.
 * - Nuance: only a code (no label); empty (communes under 3,500 inhabitants) → null.
 * - `Candidat au conseil communautaire`: O/OUI → true, N/NON → false, empty → null.
 */
import type { CandidateRecord, ListRecord } from '../records.ts';
import {
  type CandidateFormat,
  type ColumnDef,
  headerMatches,
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
} from './common.ts';

const COLUMNS = {
  departement: { names: ['Code du département'], required: true },
  commune: { names: ['Code commune'], required: true },
  communeName: { names: ['Libellé commune'] },
  panel: { names: ['N° Panneau Liste'], required: true },
  shortName: { names: ['Libellé abrégé liste'], required: true },
  listName: { names: ['Libellé Etendu Liste'], required: true },
  nuance: { names: ['Nuance Liste'], required: true },
  number: { names: ['N° candidat'], required: true },
  sex: { names: ['Sexe candidat'], required: true },
  lastName: { names: ['Nom candidat'], required: true },
  firstName: { names: ['Prénom candidat'], required: true },
  nationality: { names: ['Nationalité'] },
  cc: { names: ['Candidat au conseil communautaire'] },
} satisfies Record<string, ColumnDef>;

/** A list nuance code (LDVG, LEXG, NC…) or empty. */
const NUANCE = /^[A-Z]{1,6}$/;

interface Territory {
  kind: 'commune' | 'secteur';
  code: string;
  departement: string;
}

/** `Code du département` + `Code commune` (3-character part) → territory, or a French reason. */
export function territoryOf2020(rawDepartement: string, rawCommune: string): Territory | string {
  let departement = normalizeDepartement(rawDepartement);
  if (departement === null) return `Code du département invalide ${quote(rawDepartement)}`;
  if (departement === 'ZZ' || departement === '99') {
    return 'Français de l’étranger (ZZ) : pas de commune pour des municipales';
  }
  const commune = rawCommune.toUpperCase();
  const sector = /^(\d{1,3})SR(\d{1,2})$/.exec(commune);
  const part = (sector ? sector[1] : commune).padStart(3, '0');
  if (!/^\d{3}$/.test(part)) return `Code commune invalide ${quote(rawCommune)}`;
  if (departement === 'ZX') {
    if (part[0] === '7') departement = '977';
    else if (part[0] === '8') departement = '978';
    else return `Code commune ${quote(rawCommune)} en ZX : Saint-Barthélemy ou Saint-Martin indiscernables`;
  }
  let insee: string;
  if (departement.length === 3) {
    insee = part[0] === departement[2] ? departement.slice(0, 2) + part : departement + part.slice(1);
  } else {
    insee = departement + part;
  }
  if (sector) return { kind: 'secteur', code: sectorCode(insee, sector[2]), departement };
  return { kind: 'commune', code: insee, departement };
}

function firstWord(s: string): string {
  return s.trim().split(/\s+/, 1)[0].toUpperCase();
}

function makeReader(headerLine: string): RowReader | string {
  const header = splitHeader(headerLine, '\t');
  // The trailing TAB gives empty header cells at the end: they are not columns.
  let named = header.length;
  while (named > 0 && header[named - 1] === '') named--;
  const { index: c, missing } = resolveColumns(header.slice(0, named), COLUMNS);
  if (missing.length) return `colonnes manquantes : ${missing.join(', ')}`;
  const canRepair = c.listName === c.shortName + 1;

  /** The columns that show whether a row is aligned. */
  const aligned = (f: string[]) =>
    parseIntStrict(f[c.panel].trim()) > 0 &&
    parseIntStrict(f[c.number].trim()) > 0 &&
    parseSex(f[c.sex].trim()) !== null &&
    (f[c.nuance].trim() === '' || NUANCE.test(f[c.nuance].trim()));

  const joinAt = (f: string[], i: number) => {
    const out = f.slice(0, i);
    out.push(`${f[i].trimEnd()} ${f[i + 1].trimStart()}`, ...f.slice(i + 2));
    return out;
  };

  /** One field too many: re-join the TAB-split list label, if the result validates. */
  const repair = (f: string[]): string[] | null => {
    if (!canRepair) return null;
    const a = f[c.shortName];
    const b = f[c.shortName + 1];
    const rest = f[c.shortName + 2];
    // Default: the TAB is in the abbreviated label (the two known rows). It is in the full label
    // when the piece after the abbreviated label starts like it and the next piece does not.
    const inFullLabel = firstWord(a) !== '' && firstWord(b) === firstWord(a) && firstWord(rest) !== firstWord(a);
    const order = inFullLabel ? [c.listName, c.shortName] : [c.shortName, c.listName];
    for (const at of order) {
      const candidate = joinAt(f, at);
      if (aligned(candidate)) return candidate;
    }
    return null;
  };

  let lastCode = '';
  let lastDepartement = '';
  let lastTerritory: Territory | string = '';
  let lastList: ListRecord | null = null;
  let lastListCode = '';

  return (text: string, line: number): CandidateRecord | string => {
    let f = text.split('\t');
    let n = f.length;
    if (n > named && f[n - 1].trim() === '') n--; // the trailing TAB
    if (n !== named) {
      if (n < named) {
        return `ligne incomplète : ${n} colonne${n > 1 ? 's' : ''} au lieu de ${named} (ligne tronquée ?)`;
      }
      const repaired = n === named + 1 ? repair(f.slice(0, n)) : null;
      if (repaired === null) {
        return `colonnes décalées : ${n} colonnes au lieu de ${named} (tabulation dans une valeur ?), ligne non réparable`;
      }
      f = repaired;
    }

    const dept = f[c.departement].trim();
    const commune = f[c.commune].trim();
    if (commune !== lastCode || dept !== lastDepartement) {
      lastCode = commune;
      lastDepartement = dept;
      lastTerritory = territoryOf2020(dept, commune);
    }
    const territory = lastTerritory;
    if (typeof territory === 'string') return territory;

    const panelRaw = f[c.panel].trim();
    const panel = parseIntStrict(panelRaw);
    if (panel <= 0) return `N° Panneau Liste invalide ${quote(panelRaw)}`;
    const numberRaw = f[c.number].trim();
    const number = parseIntStrict(numberRaw);
    if (number <= 0) return `N° candidat non numérique ${quote(numberRaw)} : attendu le rang sur la liste`;
    const sexRaw = f[c.sex].trim();
    const sex = parseSex(sexRaw);
    if (sex === null) return `Sexe candidat invalide ${quote(sexRaw)} : attendu M ou F`;
    const nuance = f[c.nuance].trim();
    if (nuance !== '' && !NUANCE.test(nuance)) return `Nuance Liste invalide ${quote(nuance)} (colonnes décalées ?)`;
    const lastName = f[c.lastName].trim();
    if (lastName === '') return 'Nom candidat vide';

    const shortName = f[c.shortName].trim();
    const listName = f[c.listName].trim();
    let list = lastList;
    if (
      list === null ||
      list.panel !== panel ||
      lastListCode !== territory.code ||
      list.name !== listName ||
      list.shortName !== shortName ||
      (list.nuanceCode ?? '') !== nuance
    ) {
      list = { panel, shortName, name: listName, nuanceCode: nuance === '' ? null : nuance, nuanceLabel: null };
      lastList = list;
      lastListCode = territory.code;
    }
    const cc = c.cc === -1 ? '' : f[c.cc].trim();
    const nationality = c.nationality === -1 ? '' : f[c.nationality].trim();
    const territoryName = c.communeName === -1 ? '' : f[c.communeName].trim();
    return {
      line,
      electionKind: 'municipales',
      territoryKind: territory.kind,
      territoryCode: territory.code,
      departementCode: territory.departement,
      territoryName: territoryName === '' ? null : territoryName,
      list,
      position: number,
      head: number === 1,
      panel: null,
      nuanceCode: list.nuanceCode,
      sex,
      lastName,
      firstName: f[c.firstName].trim(),
      birthDate: null,
      nationality: nationality === '' ? null : nationality,
      profession: null,
      outgoing: null,
      communautaire: cc === '' ? null : isYes(cc) ? true : isNo(cc) ? false : null,
      personalityCode: null,
      substitute: null,
    };
  };
}

const detect = (headerLine: string) => headerMatches(headerLine, '\t', COLUMNS);

export const municipales2020: CandidateFormat = {
  id: 'municipales-2020',
  label: 'Municipales 2020 — listes candidates (Ministère de l’Intérieur, TXT tabulé latin-1)',
  kind: 'candidates',
  defaultElection: 'municipales-2020',
  publishedEncoding: 'latin1',
  separator: '\t',
  detect,
  parse: (path, info) => parseDelimited({ label: 'Municipales 2020', detect, makeReader }, path, info),
};
