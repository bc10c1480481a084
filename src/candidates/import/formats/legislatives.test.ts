import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HEADER_LEG_2022, HEADER_LEG_2024 } from '../fixtures/make-fixtures.ts';
import { circonscriptionId, legislativesDepartement } from './legislatives.ts';
import { legislatives2022 } from './legislatives-2022.ts';
import { legislatives2024 } from './legislatives-2024.ts';
import { blank, collect, fixture, LATIN1, tempFile, UTF8 } from './test-support.ts';

describe('législatives — codes', () => {
  test('« take the last 2 characters as the circonscription number »', () => {
    assert.equal(circonscriptionId('62', '6213'), '62-13');
    assert.equal(circonscriptionId('971', '97102'), '971-02');
    assert.equal(circonscriptionId('01', '0101'), '01-01');
    assert.equal(circonscriptionId('75', '5'), '75-05');
    assert.equal(circonscriptionId('62', 'XX'), null);
    assert.equal(circonscriptionId('62', '6200'), null);
  });
  test('overseas Z codes mapped; ZX (977/978) → 977; ZZ (Français de l’étranger) → 99', () => {
    assert.equal(legislativesDepartement('ZA'), '971');
    assert.equal(legislativesDepartement('ZN'), '988');
    assert.equal(legislativesDepartement('ZX'), '977');
    assert.equal(legislativesDepartement('978'), '977');
    assert.equal(legislativesDepartement('ZZ'), '99');
    assert.equal(legislativesDepartement('99'), '99');
    assert.equal(legislativesDepartement('1'), '01');
    assert.equal(legislativesDepartement('2a'), '2A');
    assert.equal(legislativesDepartement('Paris'), null);
  });
});

describe('législatives 2024 (« ; », UTF-8)', async () => {
  const { records, rejected, byLine } = await collect(legislatives2024, fixture('legislatives-2024.csv'), UTF8);

  test('detect: by header name, not the 2022 TAB header', () => {
    assert.ok(legislatives2024.detect(HEADER_LEG_2024));
    assert.ok(legislatives2024.detect(`\uFEFF${HEADER_LEG_2024.toUpperCase()}`));
    assert.equal(legislatives2024.detect(HEADER_LEG_2022.join('\t')), false);
    assert.equal(legislatives2024.detect(HEADER_LEG_2024.replaceAll(';', '\t')), false);
  });

  test('a full record with its remplaçant, field by field; « Dates are DD/MM/YYYY » → ISO', () => {
    assert.deepEqual(
      byLine.get(2),
      blank({
        line: 2,
        electionKind: 'legislatives',
        territoryKind: 'circonscription',
        territoryCode: '62-13',
        departementCode: '62',
        territoryName: '13ème circonscription',
        panel: 1,
        nuanceCode: 'UG',
        sex: 'M',
        lastName: 'DUQUESNE',
        firstName: 'Frédéric',
        birthDate: '1971-02-14',
        profession: '(33) Cadre de la fonction publique',
        outgoing: true,
        substitute: { sex: 'F', lastName: 'LEROY', firstName: 'Nadia', birthDate: '1985-09-03', outgoing: false },
      }),
    );
    assert.equal(byLine.get(3)?.outgoing, false);
    assert.equal(byLine.get(3)?.list, null);
    assert.equal(byLine.get(3)?.position, null);
  });

  test('« From 2024 it uses the 3-digit INSEE codes »: 971 → 971-02; ZZ → 99-05; 978 → 977-01', () => {
    assert.equal(byLine.get(4)?.territoryCode, '971-02');
    assert.equal(byLine.get(4)?.departementCode, '971');
    assert.equal(byLine.get(5)?.territoryCode, '99-05');
    assert.equal(byLine.get(5)?.departementCode, '99');
    assert.equal(byLine.get(5)?.outgoing, true); // « Oui »
    assert.equal(byLine.get(5)?.substitute?.birthDate, '1980-02-29');
    assert.equal(byLine.get(6)?.territoryCode, '977-01');
  });

  test('an impossible date is rejected naming the field; no remplaçant → null', () => {
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [[7, 'Date de naissance du candidat invalide « 31/02/1980 » : attendu JJ/MM/AAAA']],
    );
    assert.equal(byLine.get(8)?.substitute, null);
    assert.equal(records.length, 6);
  });

  test('« columns with ? are unverified »: a file without the libellé columns is read', async () => {
    const { records: minimal } = await collect(legislatives2024, fixture('legislatives-2024-minimal.csv'), UTF8);
    assert.deepEqual(
      minimal[0],
      blank({
        line: 2,
        electionKind: 'legislatives',
        territoryKind: 'circonscription',
        territoryCode: '2A-01',
        departementCode: '2A',
        territoryName: null,
        panel: 1,
        nuanceCode: 'REG',
        sex: 'F',
        lastName: 'PIETRI',
        firstName: 'Paola',
        birthDate: '1982-03-04',
        profession: '(34) Professeur',
        outgoing: true,
        substitute: {
          sex: 'M',
          lastName: 'ALBERTINI',
          firstName: 'Ghjuvanni',
          birthDate: '1979-10-12',
          outgoing: false,
        },
      }),
    );
  });

  test('invalid sex and truncated rows are rejected', async () => {
    const text = [
      HEADER_LEG_2024,
      '62;Pas-de-Calais;6213;13ème;1;x;Z;NOM;Prénom;01/01/1970;DIV;;;;;;;',
      '62;Pas-de-Calais;6213;13ème;1;x;M;NOM;Prénom;01/01/1970;DIV;;;Q;SUPP;Jean;01/01/1970;',
      '62;Pas-de-Calais;6213;13è',
    ].join('\n');
    const { rejected: bad } = await collect(legislatives2024, tempFile('bad.csv', text), UTF8);
    assert.deepEqual(
      bad.map((r) => r.reason),
      [
        'Sexe du candidat invalide « Z » : attendu M ou F',
        'Sexe remplaçant invalide « Q » : attendu M ou F',
        'ligne incomplète : 4 colonnes au lieu de 18 (ligne tronquée ?)',
      ],
    );
  });
});

describe('législatives 2022 (TAB, latin-1)', async () => {
  const { records, rejected, byLine } = await collect(legislatives2022, fixture('legislatives-2022.txt'), LATIN1);

  test('detect: « Note the literal . in Date naiss. remplaçant »; not the 2024 header', () => {
    assert.ok(legislatives2022.detect(HEADER_LEG_2022.join('\t')));
    assert.equal(legislatives2022.detect(HEADER_LEG_2024), false);
  });

  test('a full record (latin-1 accents), « Le candidat est sortant », remplaçant with the dotted date column', () => {
    assert.equal(rejected.length, 0);
    assert.equal(records.length, 5);
    assert.deepEqual(
      byLine.get(2),
      blank({
        line: 2,
        electionKind: 'legislatives',
        territoryKind: 'circonscription',
        territoryCode: '62-13',
        departementCode: '62',
        territoryName: '13ème circonscription',
        panel: 1,
        nuanceCode: 'NUP',
        sex: 'M',
        lastName: 'DUQUESNE',
        firstName: 'Frédéric',
        birthDate: '1971-02-14',
        profession: '(33) Cadre de la fonction publique',
        outgoing: true,
        substitute: { sex: 'F', lastName: 'LEROY', firstName: 'Nadia', birthDate: '1985-09-03', outgoing: false },
      }),
    );
  });

  test('« Until 2024 the Ministère used ZA=971 … ZX … ZZ »: ZA02 → 971-02, ZZ05 → 99-05, ZX01 → 977-01, 2A01 → 2A-01', () => {
    assert.deepEqual(
      records.map((r) => [r.territoryCode, r.departementCode]),
      [
        ['62-13', '62'],
        ['971-02', '971'],
        ['99-05', '99'],
        ['977-01', '977'],
        ['2A-01', '2A'],
      ],
    );
  });

  test('no quote handling: « " » stays in the value', () => {
    assert.equal(byLine.get(6)?.substitute?.firstName, 'Maria "Mimì"');
  });
});
