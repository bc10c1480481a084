import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rneConseillersCommunautaires } from './conseillers-communautaires.ts';
import { fixture, parseAll } from './testing.ts';

const HEADER =
  "Code du département;Libellé du département;N° SIREN;Libellé de l'EPCI;Code de la commune de rattachement;Libellé de la commune de rattachement;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

const base = { mandate: 'conseiller-communautaire', territoryKind: 'epci' } as const;

describe('RNE conseillers communautaires', () => {
  test('detects the EPCI header and its variants (Numéro SIREN, Code de la commune)', () => {
    assert.equal(rneConseillersCommunautaires.detect(HEADER), true);
    assert.equal(rneConseillersCommunautaires.detect(HEADER.replace('N° SIREN', 'Numéro SIREN')), true);
    assert.equal(
      rneConseillersCommunautaires.detect(HEADER.replace(' de rattachement', '').replace(' de rattachement', '')),
      true,
    );
    assert.equal(rneConseillersCommunautaires.detect(HEADER.replace('N° SIREN;', '')), false);
  });

  test('every field; SIREN is the territory, the commune de rattachement is kept', async () => {
    const { records } = await parseAll(
      rneConseillersCommunautaires,
      fixture('elus-conseillers-communautaires-epci.csv'),
    );
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '200029999',
        departementCode: '01',
        communeCode: '01001',
        territoryName: 'CC Exemple-En-Bugey',
        lastName: 'EXEMPLE',
        firstName: 'Anne',
        sex: 'F',
        birthDate: '1965-04-12',
        mandateStart: '2026-03-15',
        functionLabel: 'Président du conseil communautaire',
        functionStart: '2026-04-10',
      },
      {
        ...base,
        line: 3,
        territoryCode: '200029999',
        departementCode: '01',
        communeCode: '01002',
        territoryName: 'CC Exemple-En-Bugey',
        lastName: 'MODÈLE',
        firstName: 'Bruno',
        sex: 'M',
        birthDate: '1950-01-01',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: null,
      },
      {
        ...base,
        line: 4,
        territoryCode: '249740119',
        departementCode: '974',
        communeCode: '97411',
        territoryName: 'CA Exemple Nord',
        lastName: 'TÉMOIN',
        firstName: 'Carla',
        sex: 'F',
        birthDate: '1990-12-31',
        mandateStart: '2026-03-15',
        functionLabel: 'Vice-président',
        functionStart: '2026-04-11',
      },
    ]);
  });

  test('rejects a malformed SIREN and a bad date', async () => {
    const { rejected } = await parseAll(
      rneConseillersCommunautaires,
      fixture('elus-conseillers-communautaires-epci.csv'),
    );
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [
        [5, 'N° SIREN invalide : « 20002999 » (attendu 9 chiffres)'],
        [6, 'Date de début du mandat invalide : « 15/13/2026 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)'],
      ],
    );
  });

  test('variant header: Numéro SIREN and Code de la commune, no nationality', async () => {
    const { records, rejected } = await parseAll(
      rneConseillersCommunautaires,
      fixture('elus-conseillers-communautaires-epci-variante.csv'),
    );
    assert.deepEqual(rejected, []);
    assert.deepEqual(records, [
      {
        ...base,
        line: 2,
        territoryCode: '242000354',
        departementCode: '2B',
        communeCode: '2B033',
        territoryName: 'CA de Bastia Exemple',
        lastName: 'EXEMPLE',
        firstName: 'Ange',
        sex: 'M',
        birthDate: '1966-06-16',
        mandateStart: '2026-03-15',
        functionLabel: 'Conseiller communautaire',
        functionStart: null,
      },
    ]);
  });
});
