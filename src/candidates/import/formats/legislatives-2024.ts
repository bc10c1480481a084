/**
 * Législatives 2024 — candidatures (Ministère de l'Intérieur). Reference: official-data-formats.md §1c.
 *
 * `;`-separated, UTF-8, read by header name. Columns marked `?` in the reference (département and
 * circonscription labels) may be absent; quoted fields are accepted. See legislatives.ts for the
 * circonscription ids, ZX/ZZ and the rest.
 */
import { type CandidateFormat, headerMatches, parseDelimited } from './common.ts';
import { type LegislativesColumns, makeLegislativesReader } from './legislatives.ts';

const COLUMNS: LegislativesColumns = {
  departement: { names: ['Code département', 'Code du département'], required: true },
  circonscription: { names: ['Code circonscription'], required: true },
  circonscriptionName: { names: ['Libellé circonscription', 'Libellé de la circonscription', 'Circonscription'] },
  panel: { names: ['Numéro de panneau'], required: true },
  sex: { names: ['Sexe du candidat'], required: true },
  lastName: { names: ['Nom du candidat'], required: true },
  firstName: { names: ['Prénom du candidat'], required: true },
  birthDate: { names: ['Date de naissance du candidat'] },
  nuance: { names: ['Code nuance'] },
  profession: { names: ['Profession'] },
  outgoing: { names: ['Sortant'] },
  subSex: { names: ['Sexe remplaçant'] },
  subLastName: { names: ['Nom remplaçant'] },
  subFirstName: { names: ['Prénom remplaçant'] },
  subBirthDate: { names: ['Date de naissance remplaçant'] },
  subOutgoing: { names: ['Sortant remplaçant'] },
};

const detect = (headerLine: string) => headerMatches(headerLine, ';', COLUMNS);

export const legislatives2024: CandidateFormat = {
  id: 'legislatives-2024',
  label: 'Législatives 2024 — candidatures (Ministère de l’Intérieur, CSV « ; » UTF-8)',
  kind: 'candidates',
  defaultElection: 'legislatives-2024',
  publishedEncoding: 'utf-8',
  separator: ';',
  detect,
  parse: (path, info) =>
    parseDelimited(
      {
        label: 'Législatives 2024',
        detect,
        makeReader: (header) => makeLegislativesReader(header, ';', COLUMNS),
      },
      path,
      info,
    ),
};
