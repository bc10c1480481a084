import { circonscriptionId } from './fields.ts';
import { columnName, createRneParser, forbiddenExcept, orNull } from './parser.ts';

/**
 * `elus-deputes-dep.csv` (13 columns). `Code de la circonscription législative` is the département
 * code followed by the 2-digit number: `0101` → `01-01`, `97101` → `971-01`, `2A01` → `2A-01`.
 */
export const rneDeputes = createRneParser({
  id: 'rne-deputes',
  label: 'RNE (députés)',
  mandate: 'depute',
  required: ['circonscriptionCode'],
  forbidden: forbiddenExcept('circonscriptionCode'),
  territory(row) {
    const raw = row('circonscriptionCode');
    if (raw === '') return `${columnName('circonscriptionCode')} vide`;
    const id = circonscriptionId(raw, row('departementCode'));
    if (id === undefined) return `${columnName('circonscriptionCode')} invalide : « ${raw} »`;
    return {
      territoryKind: 'circonscription',
      territoryCode: id,
      departementCode: id.slice(0, id.lastIndexOf('-')),
      communeCode: null,
      territoryName: orNull(row('circonscriptionName')),
    };
  },
});
