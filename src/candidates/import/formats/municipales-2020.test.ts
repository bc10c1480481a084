import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectFile } from '../encoding.ts';
import { HEADER_2020 } from '../fixtures/make-fixtures.ts';
import { municipales2020, territoryOf2020 } from './municipales-2020.ts';
import { blank, collect, fixture, LATIN1, tempFile } from './test-support.ts';

const lardin = { kind: 'commune', code: '24229', departement: '24' };

describe('municipales 2020 — detect', () => {
  test('« TAB separator », header with its trailing TAB', () => {
    assert.ok(municipales2020.detect(`${HEADER_2020.join('\t')}\t`));
    assert.ok(municipales2020.detect(HEADER_2020.join('\t')));
    assert.equal(municipales2020.detect(HEADER_2020.join(';')), false);
  });
  test('« Line 1 (title) text: NOT FOUND. Skip the first 2 lines without asserting their content »', () => {
    assert.equal(municipales2020.detect('Elections municipales 2020 - Liste des candidats'), false);
    assert.equal(municipales2020.detect(''), false);
  });
});

describe('municipales 2020 — fixture (latin-1)', async () => {
  const path = fixture('municipales-2020.txt');
  const { records, rejected, byLine } = await collect(municipales2020, path, LATIN1);

  test('« one title/comment line plus a blank line before the header »: data starts on line 4', () => {
    assert.deepEqual(
      records.map((r) => r.line),
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.deepEqual(
      rejected.map((r) => r.line),
      [14, 15, 16, 17, 18],
    );
  });

  test('a full record, field by field; « the final empty field comes from the trailing TAB » is ignored', () => {
    assert.deepEqual(
      byLine.get(4),
      blank({
        line: 4,
        territoryCode: '62498',
        departementCode: '62',
        territoryName: 'Lens',
        list: { panel: 1, shortName: 'LENS EN GRAND', name: 'Lens en grand', nuanceCode: 'LDVG', nuanceLabel: null },
        position: 1,
        head: true,
        nuanceCode: 'LDVG',
        sex: 'F',
        lastName: 'LEFÈBVRE',
        firstName: 'Hélène',
        nationality: 'FRA',
        communautaire: true,
      }),
    );
    assert.equal(byLine.get(5)?.head, false);
    assert.equal(byLine.get(6)?.communautaire, false);
  });

  test('« Treat " as a literal character, i.e. disable quote handling »', () => {
    assert.equal(byLine.get(6)?.firstName, 'Marie "Mimi"');
  });

  test('« Code commune is the 3-character commune part »: 2A + 004 → 2A004, ZA + 101 → 97101', () => {
    assert.equal(byLine.get(7)?.territoryCode, '2A004');
    assert.equal(byLine.get(7)?.departementCode, '2A');
    assert.equal(byLine.get(8)?.territoryCode, '97101');
    assert.equal(byLine.get(8)?.departementCode, '971');
  });

  test('« attention aux secteurs de Marseille »: 055SR01 → secteur 13055SR01', () => {
    const row = byLine.get(9)!;
    assert.equal(row.territoryKind, 'secteur');
    assert.equal(row.territoryCode, '13055SR01');
    assert.equal(row.departementCode, '13');
    assert.equal(row.territoryName, 'Marseille 1er secteur');
  });

  test('« one row with an empty nuance »: null nuance', () => {
    assert.equal(byLine.get(10)?.list?.nuanceCode, null);
    assert.equal(byLine.get(10)?.nuanceCode, null);
  });

  test('« two lists have a TAB inside the list name, which shifts the columns right »: both repaired', () => {
    assert.deepEqual(
      byLine.get(11),
      blank({
        line: 11,
        territoryCode: lardin.code,
        departementCode: lardin.departement,
        territoryName: 'Le Lardin-Saint-Lazare',
        list: {
          panel: 2,
          shortName: 'LE LARDIN ST LAZARE un nouveau départ',
          name: 'LE LARDIN ST LAZARE , un nouveau départ',
          nuanceCode: null,
          nuanceLabel: null,
        },
        position: 1,
        head: true,
        sex: 'F',
        lastName: 'DELPEYRAT',
        firstName: 'Sylvie',
        nationality: 'FRA',
        communautaire: true,
      }),
    );
    const batir = byLine.get(12)!;
    assert.deepEqual(batir.list, {
      panel: 2,
      shortName: 'BATIR AVEC VOUS LE BAS DE DEMAIN',
      name: 'BATIR AVEC VOUS LE BAS DE DEMAIN',
      nuanceCode: 'LDVD',
      nuanceLabel: null,
    });
    assert.equal(batir.territoryCode, '43020');
    assert.equal(batir.lastName, 'CHAPUIS');
    assert.equal(batir.firstName, 'Gérard');
  });

  test('generic repair: a TAB inside the full list name is joined there', () => {
    assert.deepEqual(byLine.get(13)?.list, {
      panel: 4,
      shortName: 'SAINT-DENIS ENSEMBLE',
      name: 'SAINT-DENIS ENSEMBLE pour une ville solidaire',
      nuanceCode: 'LUG',
      nuanceLabel: null,
    });
    assert.equal(byLine.get(13)?.sex, 'F');
  });

  test('a shift that the list names cannot explain is rejected as « colonnes décalées »', () => {
    assert.equal(
      rejected.find((r) => r.line === 14)?.reason,
      'colonnes décalées : 15 colonnes au lieu de 14 (tabulation dans une valeur ?), ligne non réparable',
    );
  });

  test('« ZZ = Français de l’étranger »: no commune, rejected for municipales', () => {
    assert.equal(
      rejected.find((r) => r.line === 15)?.reason,
      'Français de l’étranger (ZZ) : pas de commune pour des municipales',
    );
  });

  test('invalid sex, non-numeric candidate number and the truncated last line are rejected', () => {
    const reasons = new Map(rejected.map((r) => [r.line, r.reason]));
    assert.equal(reasons.get(16), 'Sexe candidat invalide « H » : attendu M ou F');
    assert.equal(reasons.get(17), 'N° candidat non numérique « cinq » : attendu le rang sur la liste');
    assert.equal(reasons.get(18), 'ligne incomplète : 7 colonnes au lieu de 14 (ligne tronquée ?)');
    assert.equal(
      rejected.find((r) => r.line === 18)?.raw,
      '62\tPas-de-Calais\t498\tLens\t1\tLENS EN GRAND\tLens en gr',
    );
  });
});

describe('municipales 2020 — encoding', () => {
  test('« TAB-separated, ISO-8859-1 (latin1) »: the published file is detected as latin-1 without warning', async () => {
    const info = await inspectFile(fixture('municipales-2020.txt'), 'latin1');
    assert.equal(info.encoding, 'latin1');
    assert.equal(info.encodingWarning, null);
  });

  test('a UTF-8 re-save of the 2020 file is read as UTF-8, with a warning, giving the same records', async () => {
    const info = await inspectFile(fixture('municipales-2020-utf8.txt'), 'latin1');
    assert.equal(info.encoding, 'utf-8');
    assert.equal(info.encodingWarning, 'fichier en UTF-8 alors que ce format est publié en latin-1 : lu en UTF-8');
    const utf8 = await collect(municipales2020, fixture('municipales-2020-utf8.txt'), info);
    const latin1 = await collect(municipales2020, fixture('municipales-2020.txt'), LATIN1);
    assert.deepEqual(utf8.records, latin1.records);
    assert.deepEqual(utf8.rejected, latin1.rejected);
    assert.equal(utf8.byLine.get(4)?.firstName, 'Hélène');
  });

  test('windows-1252 bytes in a latin-1 file (Œ = 0x8C) are decoded', async () => {
    const before = [
      'Titre',
      '',
      `${HEADER_2020.join('\t')}\t`,
      '62\tPas-de-Calais\t498\tLens\t1\tL\tL\t\t1\tF\tC',
    ].join('\r\n');
    const bytes = Buffer.concat([
      Buffer.from(before, 'latin1'),
      Buffer.from([0x8c]),
      Buffer.from('UR\tNoël\tFRA\tO\t', 'latin1'),
    ]);
    const { records } = await collect(municipales2020, tempFile('cp1252.txt', bytes), LATIN1);
    assert.equal(records[0].lastName, 'CŒUR');
    assert.equal(records[0].firstName, 'Noël');
  });
});

describe('municipales 2020 — codes', () => {
  test('« ZA=971, ZB=972, ZC=973, ZD=974, ZM=976, ZN=988, ZP=987, ZS=975, ZW=986 » + 3-character part', () => {
    assert.deepEqual(territoryOf2020('ZA', '101'), { kind: 'commune', code: '97101', departement: '971' });
    assert.deepEqual(territoryOf2020('ZA', '134'), { kind: 'commune', code: '97134', departement: '971' });
    assert.deepEqual(territoryOf2020('ZB', '209'), { kind: 'commune', code: '97209', departement: '972' });
    assert.deepEqual(territoryOf2020('ZC', '302'), { kind: 'commune', code: '97302', departement: '973' });
    assert.deepEqual(territoryOf2020('ZD', '411'), { kind: 'commune', code: '97411', departement: '974' });
    assert.deepEqual(territoryOf2020('ZM', '611'), { kind: 'commune', code: '97611', departement: '976' });
    assert.deepEqual(territoryOf2020('ZS', '502'), { kind: 'commune', code: '97502', departement: '975' });
    assert.deepEqual(territoryOf2020('ZP', '735'), { kind: 'commune', code: '98735', departement: '987' });
    assert.deepEqual(territoryOf2020('ZN', '818'), { kind: 'commune', code: '98818', departement: '988' });
    assert.deepEqual(territoryOf2020('ZA', '01'), { kind: 'commune', code: '97101', departement: '971' });
  });
  test('« ZX=977 and 978 (cannot be told apart) »: resolved by the commune part, else rejected', () => {
    assert.deepEqual(territoryOf2020('ZX', '701'), { kind: 'commune', code: '97701', departement: '977' });
    assert.deepEqual(territoryOf2020('ZX', '801'), { kind: 'commune', code: '97801', departement: '978' });
    assert.match(territoryOf2020('ZX', '101') as string, /indiscernables/);
  });
  test('« dep.padStart(2,"0") + commune.padStart(3,"0") », Corsica, sectors, bad codes', () => {
    assert.deepEqual(territoryOf2020('1', '1'), { kind: 'commune', code: '01001', departement: '01' });
    assert.deepEqual(territoryOf2020('2B', '33'), { kind: 'commune', code: '2B033', departement: '2B' });
    assert.deepEqual(territoryOf2020('75', '056SR12'), { kind: 'secteur', code: '75056SR12', departement: '75' });
    assert.deepEqual(territoryOf2020('69', '123SR1'), { kind: 'secteur', code: '69123SR01', departement: '69' });
    assert.match(territoryOf2020('XX', '001') as string, /Code du département invalide/);
    assert.match(territoryOf2020('62', 'ABC') as string, /Code commune invalide/);
  });
});
