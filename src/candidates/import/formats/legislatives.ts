/**
 * What the législatives candidate files (2022, 2024) share: one row per candidacy (candidate +
 * remplaçant), individual ballots in circonscriptions. Reference: official-data-formats.md §1c.
 *
 * Choices:
 * - Circonscription id `${département}-${NN}`: the number is the last two characters of
 *   `Code circonscription`, the département comes from the département column (hexagonal does the
 *   same), e.g. `62-13`, `971-02`.
 * - Overseas `Z?` codes are mapped (ZA → 971 …). The single circonscription of Saint-Barthélemy and
 *   Saint-Martin (ZX, or 977/978 from 2024) gets département `977`: `977-01` whatever the year.
 * - The 11 circonscriptions des Français de l'étranger (ZZ) are real ballots: département `99` (the
 *   INSEE code for « étranger »), ids `99-01` … `99-11`.
 * - `Sortant`: OUI (any case) → true, anything else → false; absent column → null.
 * - Dates DD/MM/YYYY (ISO accepted) → ISO; an unreadable date rejects the row, naming the field.
 * - The known 2022 error (two candidates of 92-11 with swapped panel numbers) is NOT corrected here:
 *   the file is read as published.
 */
import type { CandidateRecord, PersonRecord } from '../records.ts';
import {
  type ColumnDef,
  checkFieldCount,
  isYes,
  normalizeDepartement,
  parseDate,
  parseIntStrict,
  parseSex,
  quote,
  type RowReader,
  resolveColumns,
  splitHeader,
  splitterFor,
  UNCLOSED_QUOTE,
} from './common.ts';

export type LegislativesColumns = Record<
  | 'departement'
  | 'circonscription'
  | 'circonscriptionName'
  | 'panel'
  | 'sex'
  | 'lastName'
  | 'firstName'
  | 'birthDate'
  | 'nuance'
  | 'profession'
  | 'outgoing'
  | 'subSex'
  | 'subLastName'
  | 'subFirstName'
  | 'subBirthDate'
  | 'subOutgoing',
  ColumnDef
>;

/** Département column of a législatives file → INSEE-style code used in circonscription ids. */
export function legislativesDepartement(raw: string): string | null {
  const code = normalizeDepartement(raw);
  if (code === 'ZZ') return '99';
  if (code === 'ZX' || code === '978') return '977';
  return code;
}

/** Circonscription id from the département and `Code circonscription` (last two characters). */
export function circonscriptionId(departement: string, rawCode: string): string | null {
  const digits = rawCode.slice(-2);
  const number = parseIntStrict(digits);
  if (number <= 0) return null;
  return `${departement}-${String(number).padStart(2, '0')}`;
}

export function makeLegislativesReader(
  headerLine: string,
  separator: ';' | '\t',
  columns: LegislativesColumns,
): RowReader | string {
  const header = splitHeader(headerLine, separator);
  let named = header.length;
  while (named > 0 && header[named - 1] === '') named--;
  const { index: c, missing } = resolveColumns(header.slice(0, named), columns);
  if (missing.length) return `colonnes manquantes : ${missing.join(', ')}`;
  const at = (f: string[], i: number) => (i === -1 ? '' : f[i].trim());
  const name = (key: keyof LegislativesColumns) => columns[key].names[0];

  const split = splitterFor(separator, separator === ';');
  return (text: string, line: number): CandidateRecord | string => {
    const f = split(text);
    if (f === null) return UNCLOSED_QUOTE;
    const bad = checkFieldCount(f, named);
    if (bad) return bad;
    const deptRaw = f[c.departement].trim();
    const departement = legislativesDepartement(deptRaw);
    if (departement === null) return `${name('departement')} invalide ${quote(deptRaw)}`;
    const circRaw = f[c.circonscription].trim();
    const territoryCode = circonscriptionId(departement, circRaw);
    if (territoryCode === null) return `${name('circonscription')} invalide ${quote(circRaw)}`;
    const panelRaw = f[c.panel].trim();
    const panel = parseIntStrict(panelRaw);
    if (panel <= 0) return `${name('panel')} invalide ${quote(panelRaw)}`;
    const sexRaw = f[c.sex].trim();
    const sex = parseSex(sexRaw);
    if (sex === null) return `${name('sex')} invalide ${quote(sexRaw)} : attendu M ou F`;
    const lastName = f[c.lastName].trim();
    if (lastName === '') return `${name('lastName')} vide`;
    const birthRaw = at(f, c.birthDate);
    const birthDate = parseDate(birthRaw);
    if (birthDate === undefined) return `${name('birthDate')} invalide ${quote(birthRaw)} : attendu JJ/MM/AAAA`;

    let substitute: PersonRecord | null = null;
    const subLastName = at(f, c.subLastName);
    if (subLastName !== '') {
      const subSexRaw = at(f, c.subSex);
      const subSex = subSexRaw === '' ? null : parseSex(subSexRaw);
      if (subSexRaw !== '' && subSex === null) return `${name('subSex')} invalide ${quote(subSexRaw)} : attendu M ou F`;
      const subBirthRaw = at(f, c.subBirthDate);
      const subBirth = parseDate(subBirthRaw);
      if (subBirth === undefined) return `${name('subBirthDate')} invalide ${quote(subBirthRaw)} : attendu JJ/MM/AAAA`;
      substitute = {
        sex: subSex,
        lastName: subLastName,
        firstName: at(f, c.subFirstName),
        birthDate: subBirth,
        outgoing: c.subOutgoing === -1 ? null : isYes(at(f, c.subOutgoing)),
      };
    }
    const nuance = at(f, c.nuance);
    const profession = at(f, c.profession);
    const circName = at(f, c.circonscriptionName);
    return {
      line,
      electionKind: 'legislatives',
      territoryKind: 'circonscription',
      territoryCode,
      departementCode: departement,
      territoryName: circName === '' ? null : circName,
      list: null,
      position: null,
      head: false,
      panel,
      nuanceCode: nuance === '' ? null : nuance,
      sex,
      lastName,
      firstName: f[c.firstName].trim(),
      birthDate,
      nationality: null,
      profession: profession === '' ? null : profession,
      outgoing: c.outgoing === -1 ? null : isYes(at(f, c.outgoing)),
      communautaire: null,
      personalityCode: null,
      substitute,
    };
  };
}
