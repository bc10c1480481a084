import { columnName, communeFrom, createRneParser, departementFor, forbiddenExcept, orNull } from './parser.ts';

/**
 * `elus-conseillers-communautaires-epci.csv`: one row per community councillor, with the EPCI's
 * SIREN and the commune the councillor represents. Its header (INFERRED from public code that reads
 * it; not seen verbatim):
 * `Code du département;Libellé du département;N° SIREN;Libellé de l'EPCI;Code de la commune de
 * rattachement;Libellé de la commune de rattachement;Nom de l'élu;Prénom de l'élu;Code sexe;Date de
 * naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;
 * Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité`.
 * `Numéro SIREN` and a plain `Code de la commune` are accepted as well.
 */
export const rneConseillersCommunautaires = createRneParser({
  id: 'rne-conseillers-communautaires',
  label: 'RNE (conseillers communautaires)',
  mandate: 'conseiller-communautaire',
  required: ['siren'],
  forbidden: forbiddenExcept('siren', 'epciName', 'communeCode', 'rattachementCode'),
  territory(row) {
    const rawSiren = row('siren');
    const siren = rawSiren.replace(/\s/g, '');
    if (siren === '') return `${columnName('siren')} vide`;
    if (!/^\d{9}$/.test(siren)) return `${columnName('siren')} invalide : « ${rawSiren} » (attendu 9 chiffres)`;
    const commune = communeFrom(row, row('rattachementCode') !== '' ? 'rattachementCode' : 'communeCode');
    if (commune !== null && typeof commune !== 'string') return commune.reason;
    const departementCode = departementFor(row, commune);
    if (departementCode === '') return `${columnName('departementCode')} vide`;
    return {
      territoryKind: 'epci',
      territoryCode: siren,
      departementCode,
      communeCode: commune,
      territoryName: orNull(row('epciName')),
    };
  },
});
