import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFirstLines, readLineChunks, readLines } from '../read-lines.ts';
import { tempFile } from './test-support.ts';

async function all(path: string, encoding: 'utf-8' | 'latin1', readSize?: number) {
  const out: [number, string][] = [];
  for await (const chunk of readLineChunks(path, encoding, readSize)) {
    for (let i = 0; i < chunk.lines.length; i++) out.push([chunk.firstLine + i, chunk.lines[i]]);
  }
  return out;
}

describe('read-lines', () => {
  test('CRLF and LF line ends, empty lines kept with exact 1-based numbers', async () => {
    const path = tempFile('crlf.txt', 'a;b\r\n\r\nc\nd\r\n');
    assert.deepEqual(await all(path, 'utf-8'), [
      [1, 'a;b'],
      [2, ''],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  test('a missing final newline still gives the last line; a truncated multi-byte character becomes U+FFFD', async () => {
    assert.deepEqual(await all(tempFile('nofinal.txt', 'x\ny'), 'utf-8'), [
      [1, 'x'],
      [2, 'y'],
    ]);
    const cut = Buffer.concat([Buffer.from('x\nDé', 'utf8'), Buffer.from('é', 'utf8').subarray(0, 1)]);
    assert.deepEqual(await all(tempFile('cut.txt', cut), 'utf-8'), [
      [1, 'x'],
      [2, 'Dé\uFFFD'],
    ]);
  });

  test('multi-byte characters split across reads are decoded (every read size from 1 to 9 bytes)', async () => {
    const text = 'Hélène;Œuvre;€\r\nJoão;Müller;日本\nÇa;fin';
    const path = tempFile('split.txt', text);
    const expected = text.split(/\r?\n/).map((t, i) => [i + 1, t]);
    for (let size = 1; size <= 9; size++)
      assert.deepEqual(await all(path, 'utf-8', size), expected, `read size ${size}`);
  });

  test('lines longer than the read buffer are returned whole', async () => {
    const long = 'x'.repeat(100_000);
    assert.deepEqual(await all(tempFile('long.txt', `${long}\nend\n`), 'utf-8', 1024), [
      [1, long],
      [2, 'end'],
    ]);
  });

  test('a UTF-8 BOM is dropped; latin-1 is read as windows-1252 (0x9C → œ, 0x80 → €)', async () => {
    assert.deepEqual(await all(tempFile('bom.txt', '\uFEFFCode;Nom\n1;a\n'), 'utf-8'), [
      [1, 'Code;Nom'],
      [2, '1;a'],
    ]);
    const latin = Buffer.from([0x43, 0xe9, 0x9c, 0x80, 0x0d, 0x0a, 0x41]);
    assert.deepEqual(await all(tempFile('cp.txt', latin), 'latin1'), [
      [1, 'Céœ€'],
      [2, 'A'],
    ]);
  });

  test('readLines gives one line at a time; readFirstLines stops early', async () => {
    const path = tempFile('few.txt', '1\n2\n3\n4\n');
    const lines: string[] = [];
    for await (const { line, text } of readLines(path, 'utf-8')) lines.push(`${line}:${text}`);
    assert.deepEqual(lines, ['1:1', '2:2', '3:3', '4:4']);
    assert.deepEqual(await readFirstLines(path, 'utf-8', 2), ['1', '2']);
    assert.deepEqual(await readFirstLines(tempFile('empty.txt', ''), 'utf-8', 2), []);
  });

  test('memory stays flat on a large file (60 MB read with ~1 MB buffers)', async () => {
    const row = `"62";"Pas-de-Calais";"62498";"Lens";"1";"LENS EN COMMUN";"Lens en commun";"LDVG";"Liste divers gauche";"";"2";"M";"KACZMAREK";"Jérôme";"Française";"";""\r\n`;
    const path = tempFile('large.csv', row.repeat(Math.ceil(60_000_000 / row.length)));
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let peak = 0;
    for await (const chunk of readLineChunks(path, 'utf-8')) {
      count += chunk.lines.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    assert.equal(count, Math.ceil(60_000_000 / row.length));
    assert.ok(peak < 40_000_000, `heap grew by ${Math.round(peak / 1e6)} MB`);
  });
});
