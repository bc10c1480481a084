import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readLines } from './read-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'pacte-rne-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function lines(bytes: Uint8Array, encoding: 'utf-8' | 'latin1' = 'utf-8') {
  const path = join(dir, `f${String(Math.random()).slice(2)}.csv`);
  writeFileSync(path, bytes);
  const out = [];
  for await (const line of readLines(path, encoding)) out.push(line);
  return out;
}

test('numbers lines from 1, strips CRLF and the BOM, flags an unterminated last line', async () => {
  const out = await lines(Buffer.from('\uFEFFa;b\r\n\r\nc;é\r\nfin', 'utf-8'));
  assert.deepEqual(out, [
    { line: 1, text: 'a;b', terminated: true },
    { line: 2, text: '', terminated: true },
    { line: 3, text: 'c;é', terminated: true },
    { line: 4, text: 'fin', terminated: false },
  ]);
});

test('a final newline ends the file without an extra empty line', async () => {
  const out = await lines(Buffer.from('a\nb\n'));
  assert.deepEqual(
    out.map((l) => [l.line, l.text, l.terminated]),
    [
      [1, 'a', true],
      [2, 'b', true],
    ],
  );
});

test('decodes multi-byte characters split across reads, and latin-1', async () => {
  const long = `${'x'.repeat(256 * 1024 - 1)}é\nÉté`;
  const out = await lines(Buffer.from(long, 'utf-8'));
  assert.equal(out[0]!.text.endsWith('xé'), true);
  assert.equal(out[1]!.text, 'Été');
  // latin-1 as windows-1252: 0xE9 is é, 0x9C is œ (a Windows spreadsheet's latin-1).
  const latin = await lines(new Uint8Array([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65, 0x3b, 0x9c, 0x0a]), 'latin1');
  assert.equal(latin[0]!.text, 'Hélène;œ');
});

test('an empty file has no lines', async () => {
  assert.deepEqual(await lines(new Uint8Array()), []);
});
