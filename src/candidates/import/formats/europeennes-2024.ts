/**
 * Européennes 2024 — candidatures enregistrées (`candidats-eur-2024.csv`).
 * Reference: official-data-formats.md §1c « Européennes 2024 ».
 *
 * `;`-separated, UTF-8 (public readers open it with pandas' UTF-8 default), read by header name;
 * quoted fields are accepted. One national ballot: territoryKind 'national', territoryCode 'FR',
 * no département. The list is identified by `Numéro de panneau`; position from `Ordre`; the head of
 * list is the candidate ranked 1. `Profession` is kept as written (`(NN) - libellé`).
 */
import type { CandidateRecord, ListRecord } from '../records.ts';
import {
  type CandidateFormat,
  type ColumnDef,
  checkFieldCount,
  headerMatches,
  isYes,
  parseDate,
  parseDelimited,
  parseIntStrict,
  parseSex,
  quote,
  type RowReader,
  resolveColumns,
  splitHeader,
  splitSemicolonQuoted,
  UNCLOSED_QUOTE,
} from './common.ts';

const COLUMNS = {
  panel: { names: ['Numéro de panneau'], required: true },
  shortName: { names: ['Libellé abrégé de liste', 'Libellé abrégé de la liste', 'Libellé abrégé'] },
  listName: { names: ['Libellé de la liste'], required: true },
  nuanceCode: { names: ['Code nuance de liste', 'Code nuance'] },
  nuanceLabel: { names: ['Nuance de liste', 'Libellé nuance'] },
  order: { names: ['Ordre'], required: true },
  sex: { names: ['Sexe'], required: true },
  lastName: { names: ['Nom sur le bulletin de vote'], required: true },
  firstName: { names: ['Prénom sur le bulletin de vote'], required: true },
  birthDate: { names: ['Date de naissance'] },
  profession: { names: ['Profession'] },
  personality: { names: ['Code personnalité'] },
  outgoing: { names: ['Sortant'] },
  nationality: { names: ['Nationalité'] },
} satisfies Record<string, ColumnDef>;

function makeReader(headerLine: string): RowReader | string {
  const header = splitHeader(headerLine, ';');
  const { index: c, missing } = resolveColumns(header, COLUMNS);
  if (missing.length) return `colonnes manquantes : ${missing.join(', ')}`;
  const expected = header.length;
  const at = (f: string[], i: number) => (i === -1 ? '' : f[i].trim());
  let lastList: ListRecord | null = null;

  return (text: string, line: number): CandidateRecord | string => {
    const f = splitSemicolonQuoted(text);
    if (f === null) return UNCLOSED_QUOTE;
    const bad = checkFieldCount(f, expected);
    if (bad) return bad;
    const panelRaw = f[c.panel].trim();
    const panel = parseIntStrict(panelRaw);
    if (panel <= 0) return `Numéro de panneau invalide ${quote(panelRaw)}`;
    const orderRaw = f[c.order].trim();
    const order = parseIntStrict(orderRaw);
    if (order <= 0) return `Ordre non numérique ${quote(orderRaw)} : attendu le rang sur la liste (1, 2, …)`;
    const sexRaw = f[c.sex].trim();
    const sex = parseSex(sexRaw);
    if (sex === null) return `Sexe invalide ${quote(sexRaw)} : attendu M ou F`;
    const lastName = f[c.lastName].trim();
    if (lastName === '') return 'Nom sur le bulletin de vote vide';
    const birthRaw = at(f, c.birthDate);
    const birthDate = parseDate(birthRaw);
    if (birthDate === undefined) return `Date de naissance invalide ${quote(birthRaw)} : attendu JJ/MM/AAAA`;

    const listName = f[c.listName].trim();
    const shortName = at(f, c.shortName) || listName;
    const nuanceCode = at(f, c.nuanceCode);
    const nuanceLabel = at(f, c.nuanceLabel);
    let list = lastList;
    if (
      list === null ||
      list.panel !== panel ||
      list.name !== listName ||
      list.shortName !== shortName ||
      (list.nuanceCode ?? '') !== nuanceCode ||
      (list.nuanceLabel ?? '') !== nuanceLabel
    ) {
      list = {
        panel,
        shortName,
        name: listName,
        nuanceCode: nuanceCode === '' ? null : nuanceCode,
        nuanceLabel: nuanceLabel === '' ? null : nuanceLabel,
      };
      lastList = list;
    }
    const profession = at(f, c.profession);
    const personality = at(f, c.personality);
    const nationality = at(f, c.nationality);
    return {
      line,
      electionKind: 'europeennes',
      territoryKind: 'national',
      territoryCode: 'FR',
      departementCode: null,
      territoryName: null,
      list,
      position: order,
      head: order === 1,
      panel: null,
      nuanceCode: list.nuanceCode,
      sex,
      lastName,
      firstName: f[c.firstName].trim(),
      birthDate,
      nationality: nationality === '' ? null : nationality,
      profession: profession === '' ? null : profession,
      outgoing: c.outgoing === -1 ? null : isYes(at(f, c.outgoing)),
      communautaire: null,
      personalityCode: personality === '' ? null : personality,
      substitute: null,
    };
  };
}

/** The municipales 2026 header shares most names: a `Code circonscription` column means it is not this format. */
const detect = (headerLine: string) => headerMatches(headerLine, ';', COLUMNS, ['Code circonscription']);

export const europeennes2024: CandidateFormat = {
  id: 'europeennes-2024',
  label: 'Européennes 2024 — candidatures (Ministère de l’Intérieur, CSV « ; » UTF-8)',
  kind: 'candidates',
  defaultElection: 'europeennes-2024',
  publishedEncoding: 'utf-8',
  separator: ';',
  detect,
  parse: (path, info) => parseDelimited({ label: 'Européennes 2024', detect, makeReader }, path, info),
};
