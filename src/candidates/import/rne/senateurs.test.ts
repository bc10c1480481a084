import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rneSenateurs } from './senateurs.ts';
import { fixture, parseAll } from './testing.ts';

const HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat";

const base = {
  mandate: 'senateur',
  territoryKind: 'departement',
  communeCode: null,
  functionLabel: null,
  functionStart: null,
} as const;

describe('RNE sénateurs', () => {
  test('detects its 11-column header, not département-level files with more territory or a function', () => {
    assert.equal(rneSenateurs.detect(HEADER), true);
    assert.equal(
      rneSenateurs.detect(HEADER.replace('Libellé du département;', 'Libellé du département;Code du canton;')),
      false,
    );
    assert.equal(rneSenateurs.detect(`${HEADER};Libellé de la fonction;Date de début de la fonction`), false);
    assert.equal(rneSenateurs.detect(HEADER.replace('Code du département;', '')), false);
  });

  test('every field, both date formats in one file, Z code mapped', async () => {
    const { records, rejected } = await parseAll(rneSenateurs, fixture('elus-senateurs-sen.csv'));
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '01',
        departementCode: '01',
        territoryName: 'Ain',
        lastName: 'BLATRIX CONTAT',
        firstName: 'Florence',
        sex: 'F',
        birthDate: '1966-03-30',
        mandateStart: '2020-10-01',
      },
      {
        ...base,
        line: 3,
        territoryCode: '974',
        departementCode: '974',
        territoryName: 'La Réunion',
        lastName: 'EXEMPLE-RÉUNION',
        firstName: 'Jean',
        sex: 'M',
        birthDate: '1958-05-05',
        mandateStart: '2023-10-01',
      },
      {
        ...base,
        line: 4,
        territoryCode: '2B',
        departementCode: '2B',
        territoryName: 'Haute-Corse',
        lastName: 'EXEMPLE-CORSE',
        firstName: 'Marie',
        sex: 'F',
        birthDate: '1967-07-07',
        mandateStart: '2023-10-01',
      },
    ]);
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [[5, 'Code du département vide']],
    );
  });

  test('a snapshot with double-quoted fields', async () => {
    const { records, rejected } = await parseAll(rneSenateurs, fixture('elus-senateurs-sen-guillemets.csv'));
    assert.deepEqual(rejected, []);
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '01',
        departementCode: '01',
        territoryName: 'Ain',
        lastName: 'EXEMPLE',
        firstName: 'Anne-Lise',
        sex: 'F',
        birthDate: '1966-03-30',
        mandateStart: '2020-10-01',
      },
      {
        ...base,
        line: 3,
        territoryCode: '75',
        departementCode: '75',
        territoryName: 'Paris',
        lastName: 'DIT "LE SAGE"',
        firstName: 'Pierre',
        sex: 'M',
        birthDate: '1960-01-31',
        mandateStart: '2023-10-01',
      },
    ]);
  });
});
