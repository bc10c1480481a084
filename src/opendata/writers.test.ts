import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Dataset, Row } from './dataset.ts';
import { exportChunks } from './formats.ts';

const rows: Row[] = [
  { code: '01001', nom: 'L’Abergement-Clémenciat', population: 859, sortant: true },
  { code: '2A004', nom: 'Ajaccio; "la cité impériale"', population: 73000, sortant: false },
  { code: '93066', nom: 'Saint-Denis\nen commun, liste', population: null, sortant: null },
  { code: '97101', nom: 'Œuvre <&> à l’Abymes', population: 0, sortant: true },
];

function sample(data: Row[] = rows): Dataset {
  return {
    name: 'essai',
    columns: [
      { key: 'code', header: 'Code INSEE', type: 'string' },
      { key: 'nom', header: 'Nom', type: 'string' },
      { key: 'population', header: 'Population', type: 'number' },
      { key: 'sortant', header: 'Sortant', type: 'boolean' },
    ],
    async *rows() {
      yield* data;
    },
  };
}

async function bytes(dataset: Dataset, format: 'csv' | 'ods' | 'json'): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportChunks(dataset, format)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('CSV: UTF-8 BOM, comma, CRLF, quotes around ; " and line breaks, accents kept', async () => {
  const text = (await bytes(sample(), 'csv')).toString('utf8');
  assert.ok(text.startsWith('\uFEFFCode INSEE,Nom,Population,Sortant\r\n'));
  const lines = text.slice(1).split('\r\n');
  assert.equal(lines[1], '01001,L’Abergement-Clémenciat,859,oui');
  assert.equal(lines[2], '2A004,"Ajaccio; ""la cité impériale""",73000,non');
  assert.equal(lines[3], '93066,"Saint-Denis\nen commun, liste",,');
  assert.equal(lines[4], '97101,Œuvre <&> à l’Abymes,0,oui');
  assert.equal(lines[5], '');
});

test('JSON: one array, typed values, empty dataset is []', async () => {
  const parsed = JSON.parse((await bytes(sample(), 'json')).toString('utf8'));
  assert.equal(parsed.length, 4);
  assert.deepEqual(parsed[0], { code: '01001', nom: 'L’Abergement-Clémenciat', population: 859, sortant: true });
  assert.equal(parsed[2].population, null);
  assert.equal(parsed[2].nom, 'Saint-Denis\nen commun, liste');
  assert.deepEqual(JSON.parse((await bytes(sample([]), 'json')).toString('utf8')), []);
});

test('ODS: mimetype first and stored, manifest, typed cells in content.xml', async () => {
  const file = await bytes(sample(), 'ods');
  // The first local header names "mimetype", method 0 (stored), and its data follows right after.
  assert.equal(file.readUInt32LE(0), 0x04034b50);
  assert.equal(file.readUInt16LE(8), 0, 'mimetype stored, not deflated');
  assert.equal(file.subarray(30, 38).toString(), 'mimetype');
  assert.equal(file.subarray(38, 38 + 46).toString(), 'application/vnd.oasis.opendocument.spreadsheet');
  const entries = unzipSync(new Uint8Array(file));
  assert.deepEqual(Object.keys(entries), ['mimetype', 'META-INF/manifest.xml', 'styles.xml', 'content.xml']);
  const content = strFromU8(entries['content.xml'] as Uint8Array);
  assert.match(content, /office:value-type="float" office:value="859"><text:p>859<\/text:p>/);
  assert.match(content, /office:value-type="string"><text:p>01001<\/text:p>/, 'codes stay text');
  assert.match(content, /<text:p>Saint-Denis<\/text:p><text:p>en commun, liste<\/text:p>/);
  assert.match(content, /<text:p>Œuvre &lt;&amp;&gt; à l’Abymes<\/text:p>/);
  assert.match(strFromU8(entries['META-INF/manifest.xml'] as Uint8Array), /full-path="content.xml"/);
});

test('ODS: a large table streams in several chunks and stays readable', async () => {
  const many = Array.from({ length: 20000 }, (_, i) => ({ code: String(i), nom: `Commune ${i}`, population: i }));
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportChunks(sample(many), 'ods')) chunks.push(chunk);
  assert.ok(chunks.length > 3, `several chunks (got ${chunks.length})`);
  const content = strFromU8(unzipSync(new Uint8Array(Buffer.concat(chunks)))['content.xml'] as Uint8Array);
  assert.equal(content.match(/<table:table-row>/g)?.length, 20001);
});

test('a dataset read in pages of cell arrays writes the same bytes as one read row by row', async () => {
  const paged: Dataset = {
    ...sample(),
    async *pages() {
      yield rows.slice(0, 3).map((r) => [r.code, r.nom, r.population, r.sortant]);
      yield rows.slice(3).map((r) => [r.code, r.nom, r.population, r.sortant]);
    },
    rows() {
      throw new Error('the writers read pages() when a dataset has it');
    },
  };
  for (const format of ['csv', 'json'] as const) {
    assert.deepEqual(await bytes(paged, format), await bytes(sample(), format), format);
  }
  const content = (file: Buffer) => strFromU8(unzipSync(new Uint8Array(file))['content.xml'] as Uint8Array);
  assert.equal(content(await bytes(paged, 'ods')), content(await bytes(sample(), 'ods')));
  // JSON written without building objects: as JSON.stringify writes them.
  assert.equal(
    (await bytes(sample(), 'json')).toString('utf8').split('\n')[1],
    `${JSON.stringify({ code: '01001', nom: 'L’Abergement-Clémenciat', population: 859, sortant: true })},`,
  );
});

test('LibreOffice opens the ODS: converted back to CSV it matches our CSV', async () => {
  // A prerequisite (scripts/test.ts installs libreoffice-calc-nogui): fail loudly rather than skip.
  const dir = mkdtempSync(join(tmpdir(), 'pacte-ods-'));
  try {
    writeFileSync(join(dir, 'essai.ods'), await bytes(sample(), 'ods'));
    execFileSync(
      'libreoffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        // Filter options: comma, double quote, UTF-8 (76), first line 1.
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        '--outdir',
        dir,
        join(dir, 'essai.ods'),
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const converted = readFileSync(join(dir, 'essai.csv'), 'utf8').replace(/^\uFEFF/, '');
    const ours = (await bytes(sample(), 'csv')).toString('utf8').slice(1);
    // LibreOffice quotes every text cell; compare cells, not bytes.
    assert.deepEqual(parseCsv(converted), parseCsv(ours));
    assert.deepEqual(parseCsv(converted)[3], ['93066', 'Saint-Denis\nen commun, liste', '', '']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A minimal RFC 4180 reader for the comparisons above. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
