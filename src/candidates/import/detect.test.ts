import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectFormat, knownFormats, UnknownFormatError } from './detect.ts';
import { CANDIDATE_FORMATS } from './formats/index.ts';
import type { ElectedRecord, FormatParser } from './records.ts';

const dir = mkdtempSync(join(tmpdir(), 'pacte-detect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function temp(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CM_HEADER =
  "Code du département;Libellé du département;Code de la collectivité à statut particulier;Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;Date de début du mandat;Libellé de la fonction;Date de début de la fonction;Code nationalité";

describe('detectFormat: Répertoire national des élus', () => {
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
    test(`${file} → ${id}`, async () => {
      const detected = await detectFormat(join(fixtures, 'rne', file));
      assert.equal(detected.parser.id, id);
      assert.equal(detected.parser.kind, 'elected');
      assert.deepEqual(detected.info, { encoding: 'utf-8', encodingWarning: null });
      assert.equal(detected.headerLineNumber, 1);
      assert.match(detected.headerLine, /^"?Code du département"?;/);
    });
  }

  test('the BOM is not part of the header line', async () => {
    const detected = await detectFormat(join(fixtures, 'rne', 'elus-maires-mai-bom.csv'));
    assert.equal(detected.headerLine.startsWith('Code du département;'), true);
    assert.equal(detected.headerLine.endsWith('Date de début de la fonction'), true);
  });

  test('a latin-1 copy is detected as latin-1, with a warning, and parses', async () => {
    const path = join(fixtures, 'rne', 'elus-maires-mai-latin1.csv');
    const detected = await detectFormat(path);
    assert.equal(detected.parser.id, 'rne-maires');
    assert.equal(detected.info.encoding, 'latin1');
    assert.match(detected.info.encodingWarning ?? '', /latin-1.*UTF-8/);
    const records: ElectedRecord[] = [];
    for await (const batch of (detected.parser as FormatParser<ElectedRecord>).parse(path, detected.info)) {
      records.push(...batch.records);
    }
    assert.equal(records[0]!.territoryName, "L'Abergement-Clémenciat");
  });

  test('a header after a title line and a blank line (line 3) is found', async () => {
    const path = temp('title.csv', `Répertoire national des élus — extraction\n\n${CM_HEADER}\n`);
    const detected = await detectFormat(path);
    assert.equal(detected.parser.id, 'rne-conseillers-municipaux');
    assert.equal(detected.headerLineNumber, 3);
    assert.equal(detected.headerLine, CM_HEADER);
  });

  test('a header beyond line 5 is not looked for', async () => {
    const path = temp('late.csv', `a\nb\nc\nd\ne\n${CM_HEADER}\n`);
    await assert.rejects(detectFormat(path), UnknownFormatError);
  });
});

describe('detectFormat: Ministère candidate files', () => {
  const expected: [file: string, id: string, encoding: 'utf-8' | 'latin1', warned: boolean, headerLine: number][] = [
    ['municipales-2026.csv', 'municipales-2026', 'utf-8', false, 1],
    ['municipales-2020.txt', 'municipales-2020', 'latin1', false, 3],
    ['municipales-2020-utf8.txt', 'municipales-2020', 'utf-8', true, 3],
    ['legislatives-2024.csv', 'legislatives-2024', 'utf-8', false, 1],
    ['legislatives-2024-minimal.csv', 'legislatives-2024', 'utf-8', false, 1],
    ['legislatives-2022.txt', 'legislatives-2022', 'latin1', false, 1],
    ['europeennes-2024.csv', 'europeennes-2024', 'utf-8', false, 1],
  ];
  for (const [file, id, encoding, warned, headerLine] of expected) {
    test(`${file} → ${id} (${encoding}${warned ? ', avec avertissement' : ''})`, async () => {
      const detected = await detectFormat(join(fixtures, file));
      assert.equal(detected.parser.id, id);
      assert.equal(detected.parser.kind, 'candidates');
      assert.equal(detected.info.encoding, encoding);
      assert.equal(detected.info.encodingWarning !== null, warned);
      assert.equal(detected.headerLineNumber, headerLine);
      assert.equal(detected.headerLine.startsWith('\uFEFF'), false);
    });
  }

  test('their unknown, empty and binary fixtures are refused', async () => {
    await assert.rejects(detectFormat(join(fixtures, 'unknown-format.csv')), UnknownFormatError);
    await assert.rejects(detectFormat(join(fixtures, 'empty.csv')), /fichier vide/);
    await assert.rejects(detectFormat(join(fixtures, 'binary.csv')), /fichier binaire, pas un fichier texte CSV/);
  });

  const files = readdirSync(fixtures)
    .filter((name) => statSync(join(fixtures, name)).isFile())
    .sort();

  test('every candidate format is recognised in at least one of its fixtures', async () => {
    const found = new Map<string, string[]>();
    for (const file of files) {
      try {
        const detected = await detectFormat(join(fixtures, file));
        found.set(detected.parser.id, [...(found.get(detected.parser.id) ?? []), file]);
        assert.equal(detected.parser.kind, 'candidates', file);
      } catch {
        // deliberately broken fixtures (empty, binary…) are the other tests' business
      }
    }
    for (const format of CANDIDATE_FORMATS) {
      assert.ok(found.has(format.id), `aucune fixture reconnue comme ${format.id} (${files.join(', ')})`);
    }
  });

  test('no header is accepted by two formats', async () => {
    for (const file of files) {
      let detected: Awaited<ReturnType<typeof detectFormat>>;
      try {
        detected = await detectFormat(join(fixtures, file));
      } catch {
        continue;
      }
      const matching = knownFormats()
        .filter((f) => f.detect(detected.headerLine))
        .map((f) => f.id);
      assert.deepEqual(matching, [detected.parser.id], file);
    }
  });
});

describe('detectFormat: refusals', () => {
  test('unknown header: exact French message, header quoted up to 200 characters', async () => {
    const labels = knownFormats()
      .map((f) => f.label)
      .join(', ');
    await assert.rejects(detectFormat(temp('unknown.csv', 'nom;prénom;ville\nA;B;C\n')), (error: unknown) => {
      assert.ok(error instanceof UnknownFormatError);
      assert.equal(error.message, `format non reconnu : en-tête lu « nom;prénom;ville » ; formats connus : ${labels}`);
      assert.equal(error.headerLine, 'nom;prénom;ville');
      return true;
    });
    const long = `${'colonne;'.repeat(40)}fin`;
    await assert.rejects(detectFormat(temp('long.csv', `\n${long}\n`)), {
      message: `format non reconnu : en-tête lu « ${long.slice(0, 200)} » ; formats connus : ${labels}`,
    });
  });

  test('every known format is listed in the message', () => {
    const ids = knownFormats().map((f) => f.id);
    for (const id of [
      'rne-maires',
      'rne-conseillers-municipaux',
      'rne-conseillers-communautaires',
      'rne-deputes',
      'rne-senateurs',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    for (const format of CANDIDATE_FORMATS) assert.ok(ids.includes(format.id), format.id);
  });

  test('empty file', async () => {
    await assert.rejects(detectFormat(temp('empty.csv', '')), /fichier vide/);
    await assert.rejects(detectFormat(temp('blank.csv', '\n \r\n\t\n')), /fichier vide/);
  });

  test('binary file', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    await assert.rejects(detectFormat(temp('binary.bin', bytes)), /fichier binaire, pas un fichier texte CSV/);
  });

  test('missing file: the system error is passed on', async () => {
    await assert.rejects(detectFormat(join(dir, 'absent.csv')), { code: 'ENOENT' });
  });
});
