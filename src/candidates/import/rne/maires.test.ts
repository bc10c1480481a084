import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rneMaires } from './maires.ts';
import { fixture, parseAll } from './testing.ts';

const HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Date de début de la fonction";

describe('RNE maires', () => {
  test('identity', () => {
    assert.equal(rneMaires.id, 'rne-maires');
    assert.equal(rneMaires.kind, 'elected');
    assert.equal(rneMaires.defaultElection, null);
  });

  test('detects its 14-column header, not the conseillers municipaux one', () => {
    assert.equal(rneMaires.detect(HEADER), true);
    assert.equal(rneMaires.detect(`\uFEFF${HEADER}`), true);
    assert.equal(
      rneMaires.detect(
        HEADER.replace(';Date de début de la fonction', ';Libellé de la fonction;Date de début de la fonction'),
      ),
      false,
    );
    assert.equal(rneMaires.detect(HEADER.replace("Nom de l'élu;", '')), false);
  });

  test('ISO snapshot: every field, real rows first', async () => {
    const { records } = await parseAll(rneMaires, fixture('elus-maires-mai.csv'));
    assert.deepEqual(records, [
      {
        line: 2,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '01001',
        departementCode: '01',
        communeCode: '01001',
        territoryName: "L'Abergement-Clémenciat",
        lastName: 'EVALET TAPONAT',
        firstName: 'Line',
        sex: 'F',
        birthDate: '1967-07-22',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: '2026-03-23',
      },
      {
        line: 3,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '01002',
        departementCode: '01',
        communeCode: '01002',
        territoryName: "L'Abergement-De-Varey",
        lastName: 'COUROUBLE',
        firstName: 'François',
        sex: 'M',
        birthDate: '1958-02-21',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: '2026-03-20',
      },
      {
        line: 4,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '2A004',
        departementCode: '2A',
        communeCode: '2A004',
        territoryName: 'Ajaccio',
        lastName: 'EXEMPLE-CORSE',
        firstName: 'Jean-Baptiste',
        sex: 'M',
        birthDate: '1970-05-01',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: '2026-03-22',
      },
      {
        line: 5,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '97101',
        departementCode: '971',
        communeCode: '97101',
        territoryName: 'Les Abymes',
        lastName: 'EXEMPLE OUTREMER',
        firstName: 'Marie-Line',
        sex: 'F',
        birthDate: '1980-02-29',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: '2026-03-21',
      },
      {
        line: 9,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '01007',
        departementCode: '01',
        communeCode: '01007',
        territoryName: 'Ambronay',
        lastName: 'SANSZERO',
        firstName: 'Marc',
        sex: 'M',
        birthDate: '1959-09-09',
        mandateStart: '2026-03-15',
        functionLabel: null,
        functionStart: '2026-03-24',
      },
    ]);
  });

  test('rejects a bad date, a short row and the truncated last line, with line numbers; skips blank lines', async () => {
    const { rejected } = await parseAll(rneMaires, fixture('elus-maires-mai.csv'));
    assert.deepEqual(rejected, [
      {
        line: 6,
        reason: 'Date de naissance invalide : « 1962-02-30 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)',
        raw: '01;Ain;;;01004;Ambérieu-En-Bugey;DATEFAUSSE;Paul;M;1962-02-30;48;Profession intermédiaire de la santé et du travail social;2026-03-15;2026-03-22',
      },
      {
        line: 8,
        reason: 'nombre de colonnes incorrect : 13 colonnes au lieu de 14',
        raw: '01;Ain;;;01005;Ambérieux-En-Dombes;COLONNES;Lucie;F;1971-01-01;74;Ancien cadre;2026-03-15',
      },
      {
        line: 10,
        reason: 'dernière ligne tronquée (fichier incomplet ?) : 12 colonnes au lieu de 14',
        raw: '75;Paris;;;75056;Paris;GRÉGOIRE;Emmanuel;M;1977-12-24;37;Cadre',
      },
    ]);
  });

  test('DD/MM/YYYY snapshot with BOM and CRLF', async () => {
    const { records, rejected } = await parseAll(rneMaires, fixture('elus-maires-mai-bom.csv'));
    assert.deepEqual(rejected, []);
    assert.deepEqual(records, [
      {
        line: 2,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '01001',
        departementCode: '01',
        communeCode: '01001',
        territoryName: "L'Abergement-Clémenciat",
        lastName: 'EXEMPLE',
        firstName: 'Anne',
        sex: 'F',
        birthDate: '1965-04-12',
        mandateStart: '2020-06-28',
        functionLabel: null,
        functionStart: '2020-07-03',
      },
      {
        line: 3,
        mandate: 'maire',
        territoryKind: 'commune',
        territoryCode: '97302',
        departementCode: '973',
        communeCode: '97302',
        territoryName: 'Cayenne',
        lastName: 'MODÈLE',
        firstName: 'Œdipe',
        sex: 'M',
        birthDate: '1949-02-01',
        mandateStart: '2020-06-28',
        functionLabel: null,
        functionStart: '2020-07-04',
      },
    ]);
  });

  test('a latin-1 copy reads the same when told so', async () => {
    const { records } = await parseAll(rneMaires, fixture('elus-maires-mai-latin1.csv'), {
      encoding: 'latin1',
      encodingWarning: 'x',
    });
    assert.equal(records.length, 1);
    assert.equal(records[0]!.territoryName, "L'Abergement-Clémenciat");
    assert.equal(records[0]!.birthDate, '1965-04-12');
  });
});
