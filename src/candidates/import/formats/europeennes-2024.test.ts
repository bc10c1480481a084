import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HEADER_2026 } from '../fixtures/make-fixtures.ts';
import { europeennes2024 } from './europeennes-2024.ts';
import { blank, collect, fixture, UTF8 } from './test-support.ts';

const HEADER =
  'Numéro de panneau;Libellé abrégé de liste;Libellé de la liste;Ordre;Sexe;Nom sur le bulletin de vote;Prénom sur le bulletin de vote;Date de naissance;Profession;Code personnalité;Sortant';

describe('européennes 2024', async () => {
  const { records, rejected, byLine } = await collect(europeennes2024, fixture('europeennes-2024.csv'), UTF8);

  test('detect: its header (with BOM), but not the municipales 2026 header that shares most names', () => {
    assert.ok(europeennes2024.detect(HEADER));
    assert.ok(europeennes2024.detect(`\uFEFF${HEADER}`));
    assert.equal(europeennes2024.detect(HEADER_2026), false);
  });

  test('national ballot FR, list from « Numéro de panneau »/« Libellé de la liste », field by field', () => {
    assert.deepEqual(
      byLine.get(2),
      blank({
        line: 2,
        electionKind: 'europeennes',
        territoryKind: 'national',
        territoryCode: 'FR',
        departementCode: null,
        list: {
          panel: 1,
          shortName: 'EUROPE COMMUNE',
          name: 'Pour une Europe commune',
          nuanceCode: null,
          nuanceLabel: null,
        },
        position: 1,
        head: true,
        sex: 'F',
        lastName: 'BERNARD',
        firstName: 'Claire',
        birthDate: '1970-05-12',
        profession: '(34) - Professeur, profession scientifique',
        outgoing: true,
      }),
    );
  });

  test('head = Ordre 1; Sortant empty → false', () => {
    assert.deepEqual(
      records.map((r) => [r.line, r.list?.panel, r.position, r.head, r.outgoing]),
      [
        [2, 1, 1, true, true],
        [3, 1, 2, false, false],
        [4, 2, 1, true, false],
      ],
    );
    assert.equal(byLine.get(4)?.list?.name, 'Demain, l’Europe');
  });

  test('non-numeric Ordre is rejected naming the field', () => {
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [[5, 'Ordre non numérique « deux » : attendu le rang sur la liste (1, 2, …)']],
    );
  });
});
