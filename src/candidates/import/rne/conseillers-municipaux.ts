import { communeTerritory, createRneParser, forbiddenExcept } from './parser.ts';

/**
 * `elus-conseillers-municipaux-cm.csv` (16 columns, ≈ 490,000 rows, 65 MB): every municipal
 * councillor, mayors and adjoints included (their `Libellé de la fonction` says so).
 */
export const rneConseillersMunicipaux = createRneParser({
  id: 'rne-conseillers-municipaux',
  label: 'RNE (conseillers municipaux)',
  mandate: 'conseiller-municipal',
  required: ['communeCode', 'functionLabel'],
  forbidden: forbiddenExcept('communeCode'),
  territory: communeTerritory,
});
