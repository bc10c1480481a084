import { normaliseDepartement } from './fields.ts';
import { columnName, createRneParser, forbiddenExcept, orNull } from './parser.ts';

/**
 * `elus-senateurs-sen.csv` (11 columns): senators are elected by département, which is their
 * territory. Told apart from other département-level files (conseillers départementaux, assemblies
 * of collectivités à statut particulier) by having no other territorial column and no function.
 */
export const rneSenateurs = createRneParser({
  id: 'rne-senateurs',
  label: 'RNE (sénateurs)',
  mandate: 'senateur',
  required: ['departementCode'],
  forbidden: [...forbiddenExcept(), 'functionLabel'],
  territory(row) {
    const departementCode = normaliseDepartement(row('departementCode'));
    if (departementCode === '') return `${columnName('departementCode')} vide`;
    return {
      territoryKind: 'departement',
      territoryCode: departementCode,
      departementCode,
      communeCode: null,
      territoryName: orNull(row('departementName')),
    };
  },
});
