import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { rneConseillersMunicipaux } from './conseillers-municipaux.ts';
import { RNE_FORMATS } from './index.ts';
import { rneMaires } from './maires.ts';
import { BATCH_SIZE } from './parser.ts';
import { fixture, parseAll } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'pacte-rne-parser-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CM_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

describe('RNE parsers together', () => {
  test('each fixture is recognised by exactly one RNE parser', async () => {
    const { readFileSync } = await import('node:fs');
    const expected: Record<string, string> = {
      'elus-maires-mai.csv': 'rne-maires',
      'elus-maires-mai-bom.csv': 'rne-maires',
      'elus-conseillers-municipaux-cm.csv': 'rne-conseillers-municipaux',
      'elus-conseillers-communautaires-epci.csv': 'rne-conseillers-communautaires',
      'elus-conseillers-communautaires-epci-variante.csv': 'rne-conseillers-communautaires',
      'elus-deputes-dep.csv': 'rne-deputes',
      'elus-senateurs-sen.csv': 'rne-senateurs',
      'elus-senateurs-sen-guillemets.csv': 'rne-senateurs',
    };
    for (const [file, id] of Object.entries(expected)) {
      const header = readFileSync(fixture(file), 'utf-8').split(/\r?\n/)[0]!;
      assert.deepEqual(
        RNE_FORMATS.filter((p) => p.detect(header)).map((p) => p.id),
        [id],
        file,
      );
    }
  });

  test('streams batches of BATCH_SIZE rows, rejected rows included', async () => {
    const path = join(dir, 'cm.csv');
    const rows = [CM_HEADER];
    for (let i = 0; i < 2 * BATCH_SIZE + 500; i++) {
      const date = i === 10 ? '1970-02-31' : '1970-01-01';
      rows.push(
        `01;Ain;;;01001;Commune;NOM${String(i)};Prénom;F;${date};34;Professeur, profession scientifique;2020-06-28;;;FR`,
      );
    }
    writeFileSync(path, `${rows.join('\n')}\n`);
    const { records, rejected, batches } = await parseAll(rneConseillersMunicipaux, path);
    assert.deepEqual(batches, [BATCH_SIZE, BATCH_SIZE, 500]);
    assert.equal(records.length, 2 * BATCH_SIZE + 499);
    assert.deepEqual(
      rejected.map((r) => r.line),
      [12],
    );
    assert.equal(records.at(-1)!.line, 2 * BATCH_SIZE + 501);
  });

  test('a header only gives no batch; a file without the header throws in French', async () => {
    const headerOnly = join(dir, 'header-only.csv');
    writeFileSync(headerOnly, `${CM_HEADER}\n`);
    assert.deepEqual((await parseAll(rneConseillersMunicipaux, headerOnly)).batches, []);
    await assert.rejects(parseAll(rneMaires, headerOnly), /en-tête « RNE \(maires\) » introuvable/);
  });

  test('a header further down (after a title line) is found; a repeated header line is skipped', async () => {
    const path = join(dir, 'title.csv');
    writeFileSync(
      path,
      `Répertoire national des élus\n\n${CM_HEADER}\n01;Ain;;;01001;Commune;NOM;Prénom;F;1970-01-01;34;Professeur;2020-06-28;;;FR\n${CM_HEADER}\n`,
    );
    const { records, rejected } = await parseAll(rneConseillersMunicipaux, path);
    assert.deepEqual(
      records.map((r) => r.line),
      [4],
    );
    assert.deepEqual(rejected, []);
  });

  test('an empty last name or commune code is rejected, names are trimmed but kept as written', async () => {
    const path = join(dir, 'names.csv');
    writeFileSync(
      path,
      [
        CM_HEADER,
        '01;Ain;;;01001;Commune; ;Prénom;F;1970-01-01;34;P;2020-06-28;;;FR',
        '01;Ain;;;;Commune;NOM;Prénom;F;1970-01-01;34;P;2020-06-28;;;FR',
        '01;Ain;;;0100A;Commune;NOM;Prénom;F;1970-01-01;34;P;2020-06-28;;;FR',
        '01;Ain;;;01001;Commune;  de LA Fontaine ; Jean ;F;1970-01-01;34;P;2020-06-28;;;FR',
      ].join('\n'),
    );
    const { records, rejected } = await parseAll(rneConseillersMunicipaux, path);
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [
        [2, "Nom de l'élu vide"],
        [3, 'Code de la commune vide'],
        [4, 'Code de la commune invalide : « 0100A »'],
      ],
    );
    assert.equal(records[0]!.lastName, 'de LA Fontaine');
    assert.equal(records[0]!.firstName, 'Jean');
  });
});
