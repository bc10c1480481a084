/**
 * Législatives 2022 — candidatures (Ministère de l'Intérieur). Reference: official-data-formats.md §1c.
 *
 * TAB-separated, latin-1, no quoting (`"` is an ordinary character), read by header name (the column
 * order is only inferred). Note the literal dot in `Date naiss. remplaçant`. Lines before the header
 * (a title, as in the 2020 file) are skipped; trailing TABs are tolerated. Overseas `Z?` codes are
 * mapped; ZZ (Français de l'étranger) → département `99`; see legislatives.ts.
 */
import { type CandidateFormat, headerMatches, parseDelimited } from './common.ts';
import { type LegislativesColumns, makeLegislativesReader } from './legislatives.ts';

const COLUMNS: LegislativesColumns = {
  departement: { names: ['Code du département'], required: true },
  circonscription: { names: ['Code circonscription'], required: true },
  circonscriptionName: { names: ['Libellé circonscription', 'Libellé de la circonscription'] },
  panel: { names: ['N° panneau'], required: true },
  sex: { names: ['Sexe candidat'], required: true },
  lastName: { names: ['Nom candidat'], required: true },
  firstName: { names: ['Prénom candidat'], required: true },
  birthDate: { names: ['Date naissance candidat'] },
  nuance: { names: ['Nuance candidat'] },
  profession: { names: ['Profession candidat'] },
  outgoing: { names: ['Le candidat est sortant'] },
  subSex: { names: ['Sexe remplaçant'] },
  subLastName: { names: ['Nom remplaçant'] },
  subFirstName: { names: ['Prénom remplaçant'] },
  subBirthDate: { names: ['Date naiss. remplaçant'] },
  subOutgoing: { names: ['Le remplaçant est sortant'] },
};

const detect = (headerLine: string) => headerMatches(headerLine, '\t', COLUMNS);

export const legislatives2022: CandidateFormat = {
  id: 'legislatives-2022',
  label: 'Législatives 2022 — candidatures (Ministère de l’Intérieur, TXT tabulé latin-1)',
  kind: 'candidates',
  defaultElection: 'legislatives-2022',
  publishedEncoding: 'latin1',
  separator: '\t',
  detect,
  parse: (path, info) =>
    parseDelimited(
      {
        label: 'Législatives 2022',
        detect,
        makeReader: (header) => makeLegislativesReader(header, '\t', COLUMNS),
      },
      path,
      info,
    ),
};
