import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rneConseillersMunicipaux } from './conseillers-municipaux.ts';
import { fixture, parseAll } from './testing.ts';

const HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

const base = {
  mandate: 'conseiller-municipal',
  territoryKind: 'commune',
} as const;

describe('RNE conseillers municipaux', () => {
  test('detects its 16-column header, also with columns moved, added or dropped', () => {
    assert.equal(rneConseillersMunicipaux.detect(HEADER), true);
    const moved = HEADER.split(';').reverse().join(';');
    assert.equal(rneConseillersMunicipaux.detect(moved), true);
    assert.equal(rneConseillersMunicipaux.detect(`${HEADER};Lieu de naissance;Code de la nuance politique`), true);
    assert.equal(rneConseillersMunicipaux.detect(HEADER.replace(';Code nationalité', '')), true);
  });

  test('does not take the conseillers d’arrondissement (secteur) or communautaires (SIREN) files', () => {
    const arrondissements =
      "Code du département;Libellé du département;Code de la commune;Libellé de la commune;Libellé du secteur;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction";
    assert.equal(rneConseillersMunicipaux.detect(arrondissements), false);
    assert.equal(rneConseillersMunicipaux.detect(`${HEADER};N° SIREN`), false);
  });

  test('DD/MM/YYYY snapshot: every field', async () => {
    const { records } = await parseAll(rneConseillersMunicipaux, fixture('elus-conseillers-municipaux-cm.csv'));
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '01001',
        departementCode: '01',
        communeCode: '01001',
        territoryName: "L'Abergement-Clémenciat",
        lastName: 'EXEMPLE',
        firstName: 'Anne',
        sex: 'F',
        birthDate: '1965-04-12',
        mandateStart: '2020-06-28',
        functionLabel: 'Maire',
        functionStart: '2020-07-03',
      },
      {
        ...base,
        line: 3,
        territoryCode: '01001',
        departementCode: '01',
        communeCode: '01001',
        territoryName: "L'Abergement-Clémenciat",
        lastName: 'MODÈLE',
        firstName: 'Bruno',
        sex: 'M',
        birthDate: '1950-01-01',
        mandateStart: '2020-06-28',
        functionLabel: 'Premier adjoint au maire',
        functionStart: '2020-07-03',
      },
      {
        ...base,
        line: 4,
        territoryCode: '01001',
        departementCode: '01',
        communeCode: '01001',
        territoryName: "L'Abergement-Clémenciat",
        lastName: 'TÉMOIN',
        firstName: 'Carla',
        sex: 'F',
        birthDate: '1990-12-31',
        mandateStart: '2020-06-28',
        functionLabel: null,
        functionStart: null,
      },
      {
        ...base,
        line: 5,
        territoryCode: '97611',
        departementCode: '976',
        communeCode: '97611',
        territoryName: 'Mamoudzou',
        lastName: 'ILLUSTRATION',
        firstName: 'Djamal',
        sex: 'M',
        birthDate: '1985-08-15',
        mandateStart: '2020-06-28',
        functionLabel: 'Conseiller municipal',
        functionStart: null,
      },
      {
        ...base,
        line: 6,
        territoryCode: '97801',
        departementCode: '978',
        communeCode: '97801',
        territoryName: 'Saint-Martin',
        lastName: 'EXEMPLE-ZX',
        firstName: 'Paul',
        sex: 'M',
        birthDate: '1972-02-02',
        mandateStart: '2020-06-28',
        functionLabel: null,
        functionStart: null,
      },
      {
        ...base,
        line: 11,
        territoryCode: '13055',
        departementCode: '13',
        communeCode: '13055',
        territoryName: 'Marseille',
        lastName: 'VIRGULEFINALE',
        firstName: 'Inès',
        sex: 'F',
        birthDate: '1976-06-06',
        mandateStart: '2020-06-28',
        functionLabel: null,
        functionStart: null,
      },
    ]);
  });

  test('rejects naming the field: sex, birth date, mandate start, stray ;', async () => {
    const { rejected } = await parseAll(rneConseillersMunicipaux, fixture('elus-conseillers-municipaux-cm.csv'));
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [
        [7, 'Code sexe invalide : « X » (attendu M ou F)'],
        [8, 'Date de naissance invalide : « 1973-13-01 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)'],
        [9, 'Date de début du mandat invalide : « 31/06/2020 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)'],
        [10, 'nombre de colonnes incorrect : 17 colonnes au lieu de 16 (point-virgule dans une valeur ?)'],
      ],
    );
    assert.match(rejected[0]!.raw, /^13;Bouches-Du-Rhône;;;13055;Marseille;SEXEFAUX;/);
  });
});
