import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { type Cell, type Column, cellPages, cellText, type Dataset } from './dataset.ts';

/**
 * OpenDocument spreadsheet written directly: a zip whose first entry is `mimetype`, stored
 * uncompressed, then META-INF/manifest.xml, styles.xml and content.xml. content.xml is deflated
 * while it is produced (fflate's streaming Zip), so a large table is never held in memory.
 */
export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
};

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="${NS.manifest}" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${ODS_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="${NS.office}" xmlns:style="${NS.style}" office:version="1.2"><office:styles/></office:document-styles>
`;

/** Escapes text for XML and drops the control characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters XML forbids is the point.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
  );
}

/** Sheet names cannot hold []*?:/\ nor start or end with an apostrophe, and are at most 31 characters. */
function sheetName(name: string): string {
  return (
    name
      .replace(/[[\]*?:/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31) || 'Feuille1'
  );
}

function cellXml(value: Cell, column: Column, style = ''): string {
  if (value === null || value === undefined || value === '') return '<table:table-cell/>';
  if (column.type === 'number' && typeof value === 'number' && Number.isFinite(value)) {
    return `<table:table-cell${style} office:value-type="float" office:value="${value}"><text:p>${value}</text:p></table:table-cell>`;
  }
  // A line break inside a cell is a new paragraph.
  const paragraphs = cellText(value)
    .split(/\r\n|\r|\n/)
    .map((p) => `<text:p>${xmlEscape(p)}</text:p>`)
    .join('');
  return `<table:table-cell${style} office:value-type="string">${paragraphs}</table:table-cell>`;
}

function contentHead(dataset: Dataset): string {
  const header = dataset.columns.map((c) => cellXml(c.header, { ...c, type: 'string' }, ' table:style-name="entete"'));
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="${NS.office}" xmlns:style="${NS.style}" xmlns:text="${NS.text}" xmlns:table="${NS.table}" xmlns:fo="${NS.fo}" office:version="1.2">
<office:automatic-styles><style:style style:name="entete" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="${xmlEscape(sheetName(dataset.name))}">
<table:table-column table:number-columns-repeated="${dataset.columns.length}"/>
<table:table-header-rows><table:table-row>${header.join('')}</table:table-row></table:table-header-rows>
`;
}

const CONTENT_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>\n';

/** The .ods file as binary chunks, produced as rows arrive. */
export async function* odsChunks(dataset: Dataset): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else out.push(data);
  });
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift() as Uint8Array;
  }

  const mimetype = new ZipPassThrough('mimetype');
  zip.add(mimetype);
  mimetype.push(strToU8(ODS_MIMETYPE), true);
  for (const [path, text] of [
    ['META-INF/manifest.xml', MANIFEST],
    ['styles.xml', STYLES],
  ] as const) {
    const file = new ZipDeflate(path, { level: 6 });
    zip.add(file);
    file.push(strToU8(text), true);
  }
  yield* drain();

  const content = new ZipDeflate('content.xml', { level: 6 });
  zip.add(content);
  let buffer = contentHead(dataset);
  const { columns } = dataset;
  for await (const page of cellPages(dataset)) {
    for (const cells of page) {
      buffer += `<table:table-row>${columns.map((c, i) => cellXml(cells[i], c)).join('')}</table:table-row>\n`;
      if (buffer.length >= 65536) {
        content.push(strToU8(buffer));
        buffer = '';
        yield* drain();
      }
    }
  }
  content.push(strToU8(buffer + CONTENT_TAIL), true);
  zip.end();
  yield* drain();
}
