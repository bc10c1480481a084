import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFirstLines } from '../read-lines.ts';
import { CANDIDATE_FORMATS, detectCandidateFormat } from './index.ts';
import { fixture } from './test-support.ts';

describe('candidate formats — detection', () => {
  const cases: [string, string, 'utf-8' | 'latin1', string | null, number][] = [
    ['municipales-2026.csv', 'municipales-2026', 'utf-8', null, 1],
    ['municipales-2020.txt', 'municipales-2020', 'latin1', null, 3],
    [
      'municipales-2020-utf8.txt',
      'municipales-2020',
      'utf-8',
      'fichier en UTF-8 alors que ce format est publié en latin-1 : lu en UTF-8',
      3,
    ],
    ['legislatives-2024.csv', 'legislatives-2024', 'utf-8', null, 1],
    ['legislatives-2024-minimal.csv', 'legislatives-2024', 'utf-8', null, 1],
    ['legislatives-2022.txt', 'legislatives-2022', 'latin1', null, 1],
    ['europeennes-2024.csv', 'europeennes-2024', 'utf-8', null, 1],
  ];
  for (const [file, id, encoding, warning, headerLine] of cases) {
    test(`${file} → ${id} (${encoding}${warning ? ', avec avertissement' : ''})`, async () => {
      const detected = await detectCandidateFormat(fixture(file));
      assert.ok(detected);
      assert.equal(detected.parser.id, id);
      assert.deepEqual(detected.info, { encoding, encodingWarning: warning });
      assert.equal(detected.headerLine, headerLine);
    });
  }

  test('each fixture header is recognised by exactly one format', async () => {
    for (const [file, , encoding, , headerLine] of cases) {
      const header = (await readFirstLines(fixture(file), encoding, headerLine))[headerLine - 1];
      const matching = CANDIDATE_FORMATS.filter((f) => f.detect(header)).map((f) => f.id);
      assert.equal(matching.length, 1, `${file}: ${matching.join(', ')}`);
    }
  });

  test('formats have unique ids, a French label, a default election and are candidate parsers', () => {
    assert.equal(new Set(CANDIDATE_FORMATS.map((f) => f.id)).size, CANDIDATE_FORMATS.length);
    for (const f of CANDIDATE_FORMATS) {
      assert.equal(f.kind, 'candidates');
      assert.equal(f.defaultElection, f.id);
      assert.ok(f.label.length > 10);
    }
  });

  test('an unknown header → null; empty and binary files → a clear French error', async () => {
    assert.equal(await detectCandidateFormat(fixture('unknown-format.csv')), null);
    await assert.rejects(detectCandidateFormat(fixture('empty.csv')), /Le fichier est vide \(0 octet\)/);
    await assert.rejects(detectCandidateFormat(fixture('binary.csv')), /fichier binaire/);
  });

  test('parse() on a file without its header fails with the format named', async () => {
    const parser = CANDIDATE_FORMATS.find((f) => f.id === 'municipales-2026')!;
    await assert.rejects(async () => {
      for await (const _ of parser.parse(fixture('unknown-format.csv'), { encoding: 'utf-8', encodingWarning: null })) {
        // nothing
      }
    }, /Municipales 2026 : en-tête introuvable/);
  });
});
