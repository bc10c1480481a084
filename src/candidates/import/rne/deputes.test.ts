import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rneDeputes } from './deputes.ts';
import { fixture, parseAll } from './testing.ts';

const HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la circonscription législative;Libellé de la circonscription législative;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat";

const base = {
  mandate: 'depute',
  territoryKind: 'circonscription',
  communeCode: null,
  functionLabel: null,
  functionStart: null,
  mandateStart: '2024-07-08',
} as const;

describe('RNE députés', () => {
  test('detects its 13-column header', () => {
    assert.equal(rneDeputes.detect(HEADER), true);
    assert.equal(rneDeputes.detect(HEADER.replace('Code de la circonscription législative;', '')), false);
  });

  test('every field; circonscription ids for metropolitan, Corsican, overseas (INSEE and Z) and abroad', async () => {
    const { records } = await parseAll(rneDeputes, fixture('elus-deputes-dep.csv'));
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '01-01',
        departementCode: '01',
        territoryName: '1Ère Circonscription',
        lastName: 'BRETON',
        firstName: 'Xavier',
        sex: 'M',
        birthDate: '1962-11-25',
      },
      {
        ...base,
        line: 3,
        territoryCode: '2A-01',
        departementCode: '2A',
        territoryName: '1Ère Circonscription',
        lastName: 'EXEMPLE-CORSE',
        firstName: 'Paul',
        sex: 'M',
        birthDate: '1970-10-10',
      },
      {
        ...base,
        line: 4,
        territoryCode: '971-04',
        departementCode: '971',
        territoryName: '4Ème Circonscription',
        lastName: 'EXEMPLE OUTREMER',
        firstName: 'Josette',
        sex: 'F',
        birthDate: '1971-11-11',
      },
      {
        ...base,
        line: 5,
        territoryCode: '972-02',
        departementCode: '972',
        territoryName: '2Ème Circonscription',
        lastName: 'EXEMPLE-ZB',
        firstName: 'Serge',
        sex: 'M',
        birthDate: '1972-12-12',
      },
      {
        ...base,
        line: 6,
        territoryCode: '99-11',
        departementCode: '99',
        territoryName: '11Ème Circonscription',
        lastName: 'EXEMPLE-ÉTRANGER',
        firstName: 'Anna',
        sex: 'F',
        birthDate: '1981-01-01',
      },
      {
        ...base,
        line: 7,
        territoryCode: '01-05',
        departementCode: '01',
        territoryName: '5Ème Circonscription',
        lastName: 'SANSZERO',
        firstName: 'Marc',
        sex: 'M',
        birthDate: '1959-09-09',
      },
    ]);
  });

  test('rejects an unreadable circonscription code', async () => {
    const { rejected } = await parseAll(rneDeputes, fixture('elus-deputes-dep.csv'));
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [[8, 'Code de la circonscription législative invalide : « 01XX »']],
    );
  });
});
