import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HEADER_2026 } from '../fixtures/make-fixtures.ts';
import { communesFromDecoupage, writeSynthetic2026 } from './generate-synthetic-2026.ts';
import { municipales2026, territoryOf2026 } from './municipales-2026.ts';
import { blank, collect, fixture, tempFile, UTF8 } from './test-support.ts';

const q = (fields: string[]) => fields.map((v) => `"${v.replaceAll('"', '""')}"`).join(';');
const lens = {
  panel: 1,
  shortName: 'LENS EN COMMUN',
  name: 'Lens en commun',
  nuanceCode: 'LDVG',
  nuanceLabel: 'Liste divers gauche',
};

describe('municipales 2026 — detect', () => {
  test('« every field in double quotes »: the quoted header is recognised', () => {
    assert.ok(municipales2026.detect(q(HEADER_2026.split(';'))));
  });
  test('unquoted header, UTF-8 BOM, other case and no accents are recognised too', () => {
    assert.ok(municipales2026.detect(HEADER_2026));
    assert.ok(municipales2026.detect(`\uFEFF${HEADER_2026}`));
    assert.ok(
      municipales2026.detect(
        HEADER_2026.toUpperCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, ''),
      ),
    );
  });
  test('other headers are not this format', () => {
    assert.equal(municipales2026.detect(HEADER_2026.replaceAll(';', '\t')), false);
    assert.equal(
      municipales2026.detect(
        'Numéro de panneau;Libellé de la liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote',
      ),
      false,
    );
    assert.equal(municipales2026.detect('Elections municipales 2026'), false);
  });
});

describe('municipales 2026 — fixture', async () => {
  const { records, rejected, byLine } = await collect(municipales2026, fixture('municipales-2026.csv'), UTF8);

  test('reads every valid row (lines 2–11) and rejects the others with their line numbers', () => {
    assert.deepEqual(
      records.map((r) => r.line),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
    assert.deepEqual(
      rejected.map((r) => r.line),
      [12, 13, 14, 15, 16, 17],
    );
  });

  test('a full record, field by field (Lens 62498, head of list, CC)', () => {
    assert.deepEqual(
      byLine.get(2),
      blank({
        line: 2,
        electionKind: 'municipales',
        territoryKind: 'commune',
        territoryCode: '62498',
        departementCode: '62',
        territoryName: 'Lens',
        list: lens,
        position: 1,
        head: true,
        nuanceCode: 'LDVG',
        sex: 'F',
        lastName: 'LEFÈBVRE',
        firstName: 'Anne-Sophie',
        nationality: 'Française',
        communautaire: true,
      }),
    );
    assert.deepEqual(
      byLine.get(4),
      blank({
        line: 4,
        territoryCode: '62498',
        departementCode: '62',
        territoryName: 'Lens',
        list: lens,
        position: 3,
        head: false,
        nuanceCode: 'LDVG',
        sex: 'F',
        lastName: 'DA SILVA',
        firstName: 'Maria',
        nationality: 'Portugaise',
        communautaire: false,
      }),
    );
  });

  test('« Tête de liste is OUI or empty; one project tests for Oui »: OUI, Oui and oui are heads, empty is not', () => {
    assert.equal(byLine.get(2)?.head, true); // OUI
    assert.equal(byLine.get(3)?.head, false); // empty
    assert.equal(byLine.get(5)?.head, true); // Oui
    assert.equal(byLine.get(6)?.head, true); // oui
  });

  test('« CC is non-empty when the person is a candidate for the conseil communautaire »', () => {
    assert.equal(byLine.get(3)?.communautaire, true);
    assert.equal(byLine.get(4)?.communautaire, false);
  });

  test('« handles "" escaping » and a « ; » inside a quoted field', () => {
    assert.equal(byLine.get(6)?.list?.name, 'Saint-Denis "en commun"');
    assert.equal(byLine.get(6)?.list?.shortName, 'SAINT-DENIS "EN COMMUN"');
    assert.deepEqual(byLine.get(5)?.list, {
      panel: 2,
      shortName: 'LENS; DEMAIN',
      name: 'Lens; demain',
      nuanceCode: 'LDVD',
      nuanceLabel: 'Liste divers droite',
    });
    assert.equal(byLine.get(6)?.lastName, "N'DIAYE");
  });

  test('2A Corsica and 3-digit overseas départements (971) are kept as INSEE codes', () => {
    const ajaccio = byLine.get(7)!;
    assert.equal(ajaccio.territoryCode, '2A004');
    assert.equal(ajaccio.departementCode, '2A');
    const abymes = byLine.get(8)!;
    assert.equal(abymes.territoryCode, '97101');
    assert.equal(abymes.departementCode, '971');
  });

  test('« For the PLM sector files it is a sector code »: 13055SR01 is a Marseille secteur', () => {
    assert.deepEqual(
      byLine.get(9),
      blank({
        line: 9,
        territoryKind: 'secteur',
        territoryCode: '13055SR01',
        departementCode: '13',
        territoryName: 'Marseille secteur 1',
        list: {
          panel: 2,
          shortName: 'MARSEILLE 1-7',
          name: 'Le 1er secteur ensemble',
          nuanceCode: 'LECO',
          nuanceLabel: 'Autre liste écologiste',
        },
        position: 1,
        head: true,
        nuanceCode: 'LECO',
        sex: 'M',
        lastName: 'ROUSSEL',
        firstName: 'Karim',
        nationality: 'Française',
        communautaire: false,
      }),
    );
  });

  test('« Nuance is empty for small communes »: null code and label', () => {
    const small = byLine.get(10)!;
    assert.equal(small.territoryCode, '01001');
    assert.equal(small.territoryName, "L'Abergement-Clémenciat");
    assert.deepEqual(small.list, {
      panel: 1,
      shortName: 'VIVRE ENSEMBLE',
      name: "Vivre ensemble à L'Abergement",
      nuanceCode: null,
      nuanceLabel: null,
    });
    assert.equal(small.nuanceCode, null);
  });

  test('consecutive candidates of one list share one ListRecord', () => {
    assert.equal(byLine.get(2)?.list, byLine.get(3)?.list);
    assert.equal(byLine.get(10)?.list, byLine.get(11)?.list);
    assert.notEqual(byLine.get(4)?.list, byLine.get(5)?.list);
  });

  test('« Rows with an empty Numéro de panneau exist »: rejected with the reason, not silently dropped', () => {
    const row = rejected.find((r) => r.line === 12)!;
    assert.match(row.reason, /^Numéro de panneau vide/);
    assert.match(row.raw, /SANSLISTE/);
  });

  test('invalid sex, non-numeric order, garbage, incomplete row and truncated last line are rejected, naming the problem', () => {
    const reasons = new Map(rejected.map((r) => [r.line, r.reason]));
    assert.equal(reasons.get(13), 'Sexe invalide « X » : attendu M ou F');
    assert.equal(reasons.get(14), 'Ordre non numérique « quatre » : attendu le rang sur la liste (1, 2, …)');
    assert.equal(reasons.get(15), 'ligne incomplète : 1 colonne au lieu de 17 (ligne tronquée ?)');
    assert.equal(reasons.get(16), 'ligne incomplète : 5 colonnes au lieu de 17 (ligne tronquée ?)');
    assert.equal(reasons.get(17), 'guillemet non fermé (ligne tronquée ?)');
    assert.equal(
      rejected.find((r) => r.line === 17)?.raw,
      '"62";"Pas-de-Calais";"62498";"Lens";"1";"LENS EN COMMUN";"Lens en com',
    );
  });
});

describe('municipales 2026 — territories', () => {
  test('commune codes, sectors and département checks', () => {
    assert.deepEqual(territoryOf2026('62498', '62'), { kind: 'commune', code: '62498', departement: '62' });
    assert.deepEqual(territoryOf2026('75056SR1', '75'), { kind: 'secteur', code: '75056SR01', departement: '75' });
    assert.deepEqual(territoryOf2026('69123SR09', '69'), { kind: 'secteur', code: '69123SR09', departement: '69' });
    assert.deepEqual(territoryOf2026('1001', '1'), { kind: 'commune', code: '01001', departement: '01' });
    assert.deepEqual(territoryOf2026('97101', 'ZA'), { kind: 'commune', code: '97101', departement: '971' });
    assert.deepEqual(territoryOf2026('97701', 'ZX'), { kind: 'commune', code: '97701', departement: '977' });
    assert.deepEqual(territoryOf2026('2B033', ''), { kind: 'commune', code: '2B033', departement: '2B' });
    assert.match(territoryOf2026('62498', '59') as string, /incohérent/);
    assert.match(territoryOf2026('PARIS', '75') as string, /^Code circonscription non reconnu « PARIS »/);
    assert.match(territoryOf2026('99134', 'ZZ') as string, /Français de l’étranger/);
  });
});

describe('municipales 2026 — columns read by header name', () => {
  test('« the order is partially inferred »: shuffled columns give the same records', async () => {
    const names = HEADER_2026.split(';');
    const order = [16, 12, 13, 0, 2, 4, 6, 5, 7, 8, 9, 10, 11, 14, 15, 1, 3];
    const row = (v: string[]) => q(order.map((i) => v[i]));
    const values = [
      ['62', 'Pas-de-Calais', '62498', 'Lens', '1', 'LENS EN COMMUN', 'Lens en commun', 'LDVG', 'Liste divers gauche'],
      ['62', 'Pas-de-Calais', '62498', 'Lens', '1', 'LENS EN COMMUN', 'Lens en commun', 'LDVG', 'Liste divers gauche'],
    ];
    const text = [
      row(names),
      row([...values[0], 'OUI', '1', 'F', 'LEFÈBVRE', 'Anne-Sophie', 'Française', '', 'OUI']),
      row([...values[1], '', '2', 'M', 'KACZMAREK', 'Jérôme', 'Française', 'P123', '']),
    ].join('\n');
    const { records, rejected } = await collect(municipales2026, tempFile('shuffled.csv', text), UTF8);
    assert.deepEqual(rejected, []);
    assert.deepEqual(records[0], {
      ...blank({}),
      line: 2,
      territoryCode: '62498',
      departementCode: '62',
      territoryName: 'Lens',
      list: lens,
      position: 1,
      head: true,
      nuanceCode: 'LDVG',
      sex: 'F',
      lastName: 'LEFÈBVRE',
      firstName: 'Anne-Sophie',
      nationality: 'Française',
      communautaire: true,
    });
    assert.equal(records[1].personalityCode, 'P123');
    assert.equal(records[1].communautaire, false);
  });

  test('without a required column (Ordre) the header is not recognised', () => {
    const header = HEADER_2026.split(';').filter((n) => n !== 'Ordre');
    assert.equal(municipales2026.detect(q(header)), false);
  });

  test('values are trimmed, names kept as written', async () => {
    const text = [
      q(HEADER_2026.split(';')),
      q([
        ' 62 ',
        'Pas-de-Calais',
        ' 62498',
        'Lens',
        ' 1 ',
        'L',
        'Liste',
        '',
        '',
        ' oui ',
        ' 1 ',
        ' M ',
        ' de LA Tour ',
        " d'Artagnan ",
        '',
        '',
        '',
      ]),
    ].join('\n');
    const { records } = await collect(municipales2026, tempFile('trim.csv', text), UTF8);
    assert.equal(records[0].lastName, 'de LA Tour');
    assert.equal(records[0].firstName, "d'Artagnan");
    assert.equal(records[0].head, true);
    assert.equal(records[0].position, 1);
    assert.equal(records[0].territoryCode, '62498');
  });
});

describe('municipales 2026 — streaming', () => {
  test('yields batches of 1,000 rows (records + rejected)', async () => {
    const lines = [q(HEADER_2026.split(';'))];
    for (let i = 1; i <= 2500; i++) {
      const panel = String(1 + Math.floor((i - 1) / 50));
      lines.push(
        q([
          '62',
          'Pas-de-Calais',
          '62498',
          'Lens',
          panel,
          `L${panel}`,
          `Liste ${panel}`,
          '',
          '',
          '',
          String(((i - 1) % 50) + 1),
          i % 2 ? 'F' : 'M',
          `NOM${i}`,
          'Prénom',
          '',
          '',
          '',
        ]),
      );
    }
    lines.push('garbage');
    const { records, rejected, batchSizes } = await collect(
      municipales2026,
      tempFile('big.csv', `${lines.join('\n')}\n`),
      UTF8,
    );
    assert.equal(records.length, 2500);
    assert.equal(rejected.length, 1);
    assert.deepEqual(batchSizes, [1000, 1000, 501]);
    assert.equal(records[2499].line, 2501);
    assert.equal(records[2499].list?.panel, 50);
    assert.equal(records[2499].position, 50);
  });

  test('the synthetic national-file generator writes the exact format the parser reads', async () => {
    const all = communesFromDecoupage();
    const pick = ['62498', '93066', '2A004', '97101', '13055', '01001'];
    const communes = all.filter((c) => pick.includes(c.insee));
    assert.equal(communes.length, pick.length);
    const path = tempFile('synthetic.csv', '');
    const summary = await writeSynthetic2026(path, { communes, emptyPanelEvery: 100 });
    const { records, rejected } = await collect(municipales2026, path, UTF8);
    assert.equal(records.length + rejected.length, summary.rows);
    assert.equal(rejected.length, summary.emptyPanelRows);
    assert.ok(rejected.every((r) => r.reason.startsWith('Numéro de panneau vide')));
    const sectors = new Set(records.filter((r) => r.territoryKind === 'secteur').map((r) => r.territoryCode));
    assert.equal(sectors.size, 8); // Marseille's 8 sectors
    assert.ok(sectors.has('13055SR01') && sectors.has('13055SR08'));
    const heads = records.filter((r) => r.head).length;
    assert.equal(heads, summary.lists);
    assert.ok(records.some((r) => r.list?.name.includes('"')) || summary.lists < 500);
  });
});
