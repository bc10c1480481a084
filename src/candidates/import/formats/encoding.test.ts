import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodingWarning, inspectBytes, inspectFile } from '../encoding.ts';
import { tempFile } from './test-support.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('encoding detection', () => {
  test('« The 2020 and 2022 Ministère .txt files are ISO-8859-1 (latin1) »: detected as such', () => {
    assert.deepEqual(inspectBytes(latin1('Prénom\tHélène\n'), 'latin1'), {
      encoding: 'latin1',
      encodingWarning: null,
      bom: false,
      size: 14,
    });
  });

  test('UTF-8 bytes in a latin-1 format → read as UTF-8 with the French warning, and the reverse', () => {
    const asUtf8 = inspectBytes(utf8('Prénom;Hélène\n'), 'latin1');
    assert.equal(asUtf8.encoding, 'utf-8');
    assert.equal(asUtf8.encodingWarning, 'fichier en UTF-8 alors que ce format est publié en latin-1 : lu en UTF-8');
    const asLatin1 = inspectBytes(latin1('Prénom;Hélène\n'), 'utf-8');
    assert.equal(asLatin1.encoding, 'latin1');
    assert.equal(
      asLatin1.encodingWarning,
      'fichier en latin-1 alors que ce format est publié en UTF-8 : lu en latin-1',
    );
    assert.equal(encodingWarning('utf-8', 'utf-8'), null);
  });

  test('pure ASCII: the published encoding wins (both readings agree)', () => {
    assert.equal(inspectBytes(utf8('Code;Nom\n'), 'latin1').encoding, 'latin1');
    assert.equal(inspectBytes(utf8('Code;Nom\n'), 'utf-8').encoding, 'utf-8');
  });

  test('a multi-byte character cut by the end of the sample is not taken for latin-1', () => {
    const bytes = utf8('Nom;Hélène;é');
    assert.equal(inspectBytes(bytes.subarray(0, bytes.length - 1), 'latin1', 1000).encoding, 'utf-8');
  });

  test('a whole file ending with a lone latin-1 letter is latin-1; a UTF-8 file cut mid-character stays UTF-8', () => {
    assert.equal(inspectBytes(Buffer.concat([utf8('Nom;Ren'), latin1('é')]), 'utf-8').encoding, 'latin1');
    const cut = utf8('Nom;Hélène;Zoé');
    assert.equal(inspectBytes(cut.subarray(0, cut.length - 1), 'latin1').encoding, 'utf-8');
  });

  test('the sample is only the first bytes of the file', async () => {
    const path = tempFile('late.txt', Buffer.concat([utf8('a'.repeat(100)), latin1('é')]));
    assert.equal((await inspectFile(path, 'utf-8', 50)).encoding, 'utf-8');
    assert.equal((await inspectFile(path, 'utf-8')).encoding, 'latin1');
  });

  test('a UTF-8 BOM is detected', () => {
    const info = inspectBytes(utf8('\uFEFFCode;Nom\n'), 'latin1');
    assert.equal(info.bom, true);
    assert.equal(info.encoding, 'utf-8');
  });

  test('empty, binary, UTF-16, ZIP and gzip files are refused with a French message', async () => {
    await assert.rejects(inspectFile(tempFile('empty.csv', ''), 'utf-8'), {
      message: 'Le fichier est vide (0 octet).',
    });
    assert.throws(
      () => inspectBytes(Buffer.from([0x41, 0x00, 0x42]), 'utf-8'),
      /octets nuls : c’est un fichier binaire/,
    );
    assert.throws(() => inspectBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'utf-8'), /UTF-16/);
    assert.throws(() => inspectBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'utf-8'), /archive ZIP/);
    assert.throws(() => inspectBytes(Buffer.from([0x1f, 0x8b, 0x08]), 'utf-8'), /gzip/);
  });
});
