import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { xmlEscape } from '../../opendata/ods.ts';
import type { Letter } from './letter.ts';

/**
 * A letter as an OpenDocument text (.odt) written directly: a zip whose first entry is `mimetype`,
 * stored uncompressed, then the manifest, styles.xml (A4 page, paragraph styles of a French
 * letter), meta.xml and content.xml.
 */
export const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
].join(' ');

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${ODT_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

/** Indent of the recipient, place/date and signature blocks (right half of the page). */
const RIGHT_BLOCK = '9cm';

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS} office:version="1.2">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" style:font-family-generic="roman"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/><style:text-properties style:font-name="DejaVu Serif" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Expediteur" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="10pt"/></style:style>
 <style:style style:name="Expediteur_Nom" style:family="paragraph" style:parent-style-name="Expediteur"><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Destinataire" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="${RIGHT_BLOCK}"/></style:style>
 <style:style style:name="Destinataire_Premier" style:family="paragraph" style:parent-style-name="Destinataire"><style:paragraph-properties fo:margin-top="1.5cm"/></style:style>
 <style:style style:name="Lieu_Date" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="${RIGHT_BLOCK}" fo:margin-top="1cm" fo:margin-bottom="1cm"/></style:style>
 <style:style style:name="Objet" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.8cm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Corps" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.3cm" fo:line-height="125%"/></style:style>
 <style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="${RIGHT_BLOCK}"/></style:style>
 <style:style style:name="Signature_Premier" style:family="paragraph" style:parent-style-name="Signature"><style:paragraph-properties fo:margin-top="0.8cm"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
</office:document-styles>
`;

function meta(title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:meta><meta:generator>Pacte</meta:generator><dc:title>${xmlEscape(title)}</dc:title><dc:language>fr-FR</dc:language><meta:creation-date>${new Date().toISOString().slice(0, 19)}</meta:creation-date></office:meta>
</office:document-meta>
`;
}

/** A paragraph; line breaks inside it become <text:line-break/>, runs of spaces <text:s/>. */
function paragraph(style: string, text: string): string {
  const inner = text
    .split('\n')
    .map((line) => xmlEscape(line).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`))
    .join('<text:line-break/>');
  return `<text:p text:style-name="${style}">${inner}</text:p>`;
}

function content(letter: Letter): string {
  const parts: string[] = [];
  letter.senderLines.forEach((line, i) => {
    parts.push(paragraph(i === 0 ? 'Expediteur_Nom' : 'Expediteur', line));
  });
  letter.recipientLines.forEach((line, i) => {
    parts.push(paragraph(i === 0 ? 'Destinataire_Premier' : 'Destinataire', line));
  });
  parts.push(paragraph('Lieu_Date', letter.placeDate));
  parts.push(paragraph('Objet', `Objet : ${letter.subject}`));
  for (const p of letter.paragraphs) parts.push(paragraph('Corps', p));
  letter.signatureLines.forEach((line, i) => {
    parts.push(paragraph(i === 0 ? 'Signature_Premier' : 'Signature', line));
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS} office:version="1.2">
<office:body><office:text>
${parts.join('\n')}
</office:text></office:body>
</office:document-content>
`;
}

/** One letter as an .odt file. */
export function letterOdt(letter: Letter): Uint8Array {
  return zipSync({
    mimetype: [strToU8(ODT_MIMETYPE), { level: 0 }],
    'META-INF/manifest.xml': strToU8(MANIFEST),
    'styles.xml': strToU8(STYLES),
    'meta.xml': strToU8(meta(letter.subject)),
    'content.xml': strToU8(content(letter)),
  });
}

/**
 * A ZIP of .odt letters, produced as letters arrive (each letter is stored: an .odt is already
 * compressed). File names are made unique with a counter.
 */
export async function* odtZipChunks(letters: AsyncIterable<Letter>): AsyncGenerator<Uint8Array> {
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
  const used = new Set<string>();
  for await (const letter of letters) {
    let name = `${letter.fileName}.odt`;
    for (let n = 2; used.has(name); n++) name = `${letter.fileName}-${n}.odt`;
    used.add(name);
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(letterOdt(letter), true);
    yield* drain();
  }
  if (used.size === 0) {
    // An empty archive is valid, but say why it is empty.
    const readme = new ZipDeflate('LISEZMOI.txt');
    zip.add(readme);
    readme.push(strToU8('Aucun destinataire dans cette zone pour cette élection.\n'), true);
  }
  zip.end();
  yield* drain();
}
