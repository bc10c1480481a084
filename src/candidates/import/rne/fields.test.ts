import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  circonscriptionId,
  departementOfCommune,
  headerKey,
  normaliseCommune,
  normaliseDepartement,
  parseDate,
  parseSex,
  splitLine,
} from './fields.ts';

describe('splitLine', () => {
  test('splits on ; only, keeping commas inside values', () => {
    assert.deepEqual(splitLine('01;Ain;;;Professeur, profession scientifique;'), [
      '01',
      'Ain',
      '',
      '',
      'Professeur, profession scientifique',
      '',
    ]);
  });

  test('reads double-quoted fields, with "" for a quote and ; inside quotes', () => {
    assert.deepEqual(splitLine('"01";"Professeur; chercheuse";"DIT ""LE SAGE""";""'), [
      '01',
      'Professeur; chercheuse',
      'DIT "LE SAGE"',
      '',
    ]);
  });

  test('keeps a quote inside an unquoted value, and an unclosed opening quote, literally', () => {
    assert.deepEqual(splitLine('A;DIT "LE SAGE";B'), ['A', 'DIT "LE SAGE"', 'B']);
    assert.deepEqual(splitLine('A;"non fermé;B'), ['A', '"non fermé', 'B']);
  });
});

describe('headerKey', () => {
  test('ignores accents, case, apostrophe style, spaces, punctuation and BOM', () => {
    assert.equal(headerKey("Libellé de l'EPCI"), headerKey('LIBELLE DE L’EPCI '));
    assert.equal(headerKey('\uFEFFCode du département'), 'codedudepartement');
    assert.equal(headerKey('N° SIREN'), 'nsiren');
  });
});

describe('parseDate', () => {
  test('accepts DD/MM/YYYY (June 2025 snapshot) and ISO (Aug 2026 snapshot)', () => {
    assert.equal(parseDate('25/11/1962'), '1962-11-25');
    assert.equal(parseDate('1/2/1949'), '1949-02-01');
    assert.equal(parseDate('1967-07-22'), '1967-07-22');
    assert.equal(parseDate(' 2026-03-15 '), '2026-03-15');
    assert.equal(parseDate('2026-03-15 00:00:00'), '2026-03-15');
    assert.equal(parseDate('29/02/1980'), '1980-02-29');
  });

  test('empty → null; not a real date → undefined', () => {
    assert.equal(parseDate(''), null);
    assert.equal(parseDate('  '), null);
    for (const bad of ['1962-02-30', '31/06/2020', '29/02/1981', '1973-13-01', '15/13/2026', '2026-03', 'demain']) {
      assert.equal(parseDate(bad), undefined, bad);
    }
    assert.equal(parseDate('01/01/0001'), undefined);
  });
});

describe('parseSex', () => {
  test('M/F in any case; empty → null; other → undefined', () => {
    assert.equal(parseSex('M'), 'M');
    assert.equal(parseSex(' f '), 'F');
    assert.equal(parseSex(''), null);
    assert.equal(parseSex('X'), undefined);
  });
});

describe('territory codes', () => {
  test('département: Z codes mapped, lone digit padded, others as written', () => {
    const expected: Record<string, string> = {
      ZA: '971',
      ZB: '972',
      ZC: '973',
      ZD: '974',
      ZM: '976',
      ZN: '988',
      ZP: '987',
      ZS: '975',
      ZW: '986',
      ZX: '977',
      '1': '01',
      '01': '01',
      '2a': '2A',
      '971': '971',
      ZZ: 'ZZ',
      '': '',
    };
    for (const [input, output] of Object.entries(expected)) assert.equal(normaliseDepartement(input), output, input);
  });

  test('commune: Z codes mapped, 4 digits padded', () => {
    assert.equal(normaliseCommune('ZA101'), '97101');
    assert.equal(normaliseCommune('ZD411'), '97411');
    assert.equal(normaliseCommune('ZX801'), '97801');
    assert.equal(normaliseCommune('ZX701'), '97701');
    assert.equal(normaliseCommune('1007'), '01007');
    assert.equal(normaliseCommune('2a004'), '2A004');
    assert.equal(departementOfCommune('97101'), '971');
    assert.equal(departementOfCommune('98818'), '988');
    assert.equal(departementOfCommune('2A004'), '2A');
  });

  test('circonscription législative code → id', () => {
    assert.equal(circonscriptionId('0101', '01'), '01-01');
    assert.equal(circonscriptionId('97101', '971'), '971-01');
    assert.equal(circonscriptionId('97101', ''), '971-01');
    assert.equal(circonscriptionId('2A01', '2A'), '2A-01');
    assert.equal(circonscriptionId('2B02', ''), '2B-02');
    assert.equal(circonscriptionId('ZA01', 'ZA'), '971-01');
    assert.equal(circonscriptionId('ZB02', ''), '972-02');
    assert.equal(circonscriptionId('105', '1'), '01-05');
    assert.equal(circonscriptionId('9911', '99'), '99-11');
    assert.equal(circonscriptionId('3', '62'), '62-03');
    assert.equal(circonscriptionId('6213', '62'), '62-13');
    assert.equal(circonscriptionId('01XX', '01'), undefined);
    assert.equal(circonscriptionId('0100', '01'), undefined);
    assert.equal(circonscriptionId('3', ''), undefined);
  });
});
