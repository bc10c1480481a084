import { communeTerritory, createRneParser, forbiddenExcept } from './parser.ts';

/**
 * `elus-maires-mai.csv` (14 columns): one mayor per commune. Told apart from the conseillers
 * municipaux file by the absence of `Libellé de la fonction`.
 */
export const rneMaires = createRneParser({
  id: 'rne-maires',
  label: 'RNE (maires)',
  mandate: 'maire',
  required: ['communeCode', 'functionStart'],
  forbidden: [...forbiddenExcept('communeCode'), 'functionLabel'],
  territory: communeTerritory,
});
