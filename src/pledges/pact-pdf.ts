import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { PactDocument, PactVariant } from './pact-documents.service.ts';
import { PACT_FIELDS, type PactFields, plainText } from './pact-fields.ts';

// DejaVu Sans (free licence, from the npm package dejavu-fonts-ttf): accents, « », Œ, ’, superscripts.
const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
const REGULAR = readFileSync(`${FONT_DIR}DejaVuSans.ttf`);
const BOLD = readFileSync(`${FONT_DIR}DejaVuSans-Bold.ttf`);

// pdf-lib parses the font file on every embedFont (~200 ms for DejaVu): parse each file once and
// hand pdf-lib the parsed font (fontkit fonts are not changed by subsetting or layout).
type Fontkit = typeof fontkit;
type Font = ReturnType<Fontkit['create']>;
const parsed = new Map<unknown, Font>();
/** Shaped runs kept per font and text: the pact's lines are the same in every PDF. */
const LAYOUT_CACHE_MAX = 20_000;

/**
 * Text shaping (fontkit's layout, GSUB/GPOS lookups) was two thirds of a PDF's CPU time, and pdf-lib
 * shapes every line twice (to measure it, then to encode it). A run depends only on the font and
 * the text (pdf-lib asks for no extra features), and its glyphs are read, never changed, by the
 * per-document subset: it is shaped once and reused by every document.
 */
function withLayoutCache(font: Font): Font {
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<Font['layout']>>();
  font.layout = ((text: string, features?: unknown, ...rest: unknown[]) => {
    if (features !== undefined || rest.length > 0)
      return (layout as (...a: unknown[]) => unknown)(text, features, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUT_CACHE_MAX) runs.clear();
      run = layout(text);
      runs.set(text, run);
    }
    return run;
  }) as Font['layout'];
  return font;
}

const cachingFontkit: Fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsed.get(data);
    if (!font) {
      font = withLayoutCache(fontkit.create(data, postscriptName));
      parsed.set(data, font);
    }
    return font;
  },
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;
const GREEN = rgb(0.043, 0.369, 0.235);
const GREY = rgb(0.35, 0.35, 0.35);
const BLACK = rgb(0, 0, 0);

/** Field values are typed by people: no control characters, one line. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/\p{Cc}+/gu, ' ').trim();
}

/** Word widths at size 1, by font ('r'/'b') and word: the pact text is the same in every PDF. */
const wordWidths = new Map<string, number>();

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  newPage() {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }

  /** Width of a word at size 1 (text layout is the slow part of pdf-lib: each word is measured once). */
  wordWidth(word: string, font: PDFFont): number {
    const key = `${font === this.bold ? 'b' : 'r'}${word}`;
    let width = wordWidths.get(key);
    if (width === undefined) {
      width = font.widthOfTextAtSize(word, 1);
      wordWidths.set(key, width);
    }
    return width;
  }

  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const space = this.wordWidth(' ', font) * size;
    let line = '';
    let lineWidth = 0;
    for (const word of text.split(/ +/)) {
      const w = this.wordWidth(word, font) * size;
      if (!line || lineWidth + space + w <= width) {
        line = line ? `${line} ${word}` : word;
        lineWidth = line === word ? w : lineWidth + space + w;
      } else {
        lines.push(line);
        line = word;
        lineWidth = w;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  text(
    text: string,
    options: {
      size?: number;
      font?: PDFFont;
      indent?: number;
      color?: ReturnType<typeof rgb>;
      after?: number;
      bullet?: string;
    } = {},
  ) {
    const { size = 10, font = this.regular, indent = 0, color = BLACK, after = 4, bullet } = options;
    const leading = size * 1.35;
    const lines = this.wrap(plainText(text), font, size, WIDTH - indent);
    lines.forEach((line, i) => {
      this.ensure(leading);
      this.y -= size;
      if (bullet && i === 0) {
        this.page.drawText(bullet, { x: MARGIN + indent - 10, y: this.y, size, font, color });
      }
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color });
      this.y -= leading - size;
    });
    this.y -= after;
  }

  /** An empty box to tick by hand, on the baseline of the next line of text of `textSize`. */
  checkbox(x: number, size: number, textSize: number) {
    const y = this.y - textSize - 1;
    this.page.drawRectangle({ x, y, width: size, height: size, borderColor: BLACK, borderWidth: 0.8 });
  }

  /** "Label : value" with the value on a rule (blank rule when there is no value). */
  field(label: string, value: string, x: number, width: number) {
    const size = 10;
    const caption = `${label} :`;
    this.page.drawText(caption, { x, y: this.y, size, font: this.bold, color: BLACK });
    const start = x + this.bold.widthOfTextAtSize(caption, size) + 6;
    this.page.drawLine({
      start: { x: start, y: this.y - 3 },
      end: { x: x + width, y: this.y - 3 },
      thickness: 0.5,
      color: GREY,
    });
    if (value) {
      // Long values: a smaller size first, then cut with an ellipsis.
      const room = x + width - start - 2;
      let valueSize = size;
      while (valueSize > 7 && this.regular.widthOfTextAtSize(value, valueSize) > room) valueSize -= 0.5;
      let shown = value;
      while (shown.length > 1 && this.regular.widthOfTextAtSize(shown, valueSize) > room) shown = shown.slice(0, -1);
      if (shown !== value) shown = `${shown.slice(0, -1)}…`;
      this.page.drawText(shown, { x: start + 2, y: this.y, size: valueSize, font: this.regular, color: BLACK });
    }
  }
}

/**
 * The pact as an A4 PDF: the pact text, the signatory fields (filled when given, blank rules
 * otherwise), a signature box, the personal-data notice, then the commitments in detail.
 * `variant` null (the blank form) shows both signing variants with empty boxes.
 */
export async function renderPactPdf(
  document: PactDocument,
  fields: PactFields = {},
  variant: PactVariant | null = null,
  /** Lines printed under the signature box (the signatory's choices, the signature's reference). */
  notes: string[] = [],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(cachingFontkit);
  const [regular, bold] = await Promise.all([
    pdf.embedFont(REGULAR, { subset: true }),
    pdf.embedFont(BOLD, { subset: true }),
  ]);
  const title = `${document.title} — ${document.subtitle} — ${document.electionLabel}`;
  pdf.setTitle(title);
  pdf.setLanguage('fr-FR');
  pdf.setSubject('Pacte du Logiciel Libre');
  pdf.setCreator('Pacte');
  pdf.setProducer('Pacte (pdf-lib)');
  const w = new Writer(pdf, regular, bold);

  w.text(document.title.toUpperCase(), { size: 20, font: bold, color: GREEN, after: 2 });
  w.text(document.subtitle, { size: 13, font: bold, after: 2 });
  w.text(document.electionLabel, { size: 11, color: GREY, after: 10 });
  for (const paragraph of document.preamble) w.text(paragraph, { size: 9, after: 5 });
  w.y -= 4;

  const intros: [PactVariant, string][] = [
    ['list', document.listIntro],
    ['individual', document.individualIntro],
  ];
  for (const [kind, intro] of intros) {
    if (variant && variant !== kind) continue;
    w.ensure(16);
    if (variant === null) w.checkbox(MARGIN, 9, 10.5);
    w.text(intro, { size: 10.5, font: bold, indent: variant === null ? 16 : 0, after: 4 });
  }
  document.commitments.forEach((c, i) => {
    const end = i === document.commitments.length - 1 ? '.' : ',';
    w.text(`${c.number}. ${c.title}${end}`, { size: 11, font: bold, color: GREEN, indent: 16, after: 3 });
  });
  w.y -= 6;
  w.text(document.signingStatement, { size: 10.5, font: bold, after: 3 });
  w.text(document.instructions, { size: 9, color: GREY, after: 10 });

  // The form: never split across pages.
  const rows = PACT_FIELDS.length / 2;
  w.ensure(rows * 22 + 140 + notes.length * 12);
  const half = (WIDTH - 20) / 2;
  const pairs = PACT_FIELDS.slice(0, 10);
  for (let i = 0; i < pairs.length; i += 2) {
    w.y -= 12;
    const left = pairs[i];
    const right = pairs[i + 1];
    if (left) w.field(left.label, clean(fields[left.key]), MARGIN, half);
    if (right) w.field(right.label, clean(fields[right.key]), MARGIN + half + 20, half);
    w.y -= 10;
  }
  w.y -= 6;
  w.y -= 12;
  w.field('Fait à', clean(fields.place), MARGIN, half);
  w.field('le', clean(fields.date), MARGIN + half + 20, half);
  w.y -= 22;
  w.page.drawText('Signature :', { x: MARGIN, y: w.y, size: 10, font: bold });
  const boxHeight = 70;
  w.page.drawRectangle({
    x: MARGIN,
    y: w.y - boxHeight - 6,
    width: half + 40,
    height: boxHeight,
    borderColor: GREY,
    borderWidth: 0.8,
  });
  w.y -= boxHeight + 20;
  for (const note of notes) w.text(clean(note), { size: 8.5, after: 1 });
  if (notes.length) w.y -= 6;
  w.text(document.personalDataNotice, { size: 8, color: GREY, after: 0 });

  // The commitments in detail (their actions are the follow-up checklist).
  for (const c of document.commitments) {
    w.newPage();
    w.text(`${c.number}  ${c.title}`, { size: 15, font: bold, color: GREEN, after: 8 });
    for (const paragraph of c.text) {
      for (const line of paragraph.split('\n')) {
        if (line.startsWith('- ')) w.text(line.slice(2), { size: 9.5, indent: 14, bullet: '•' });
        else w.text(line, { size: 9.5, after: 5 });
      }
    }
    let group: string | null = null;
    for (const action of c.actions) {
      if (action.groupTitle && action.groupTitle !== group) {
        group = action.groupTitle;
        w.ensure(40);
        w.y -= 4;
        w.text(group, { size: 11, font: bold, after: 5 });
      }
      w.text(action.text, { size: 9.5, indent: action.level ? 30 : 14, bullet: action.level ? '◦' : '•', after: 3 });
    }
    if (c.closingTitle) {
      w.ensure(40);
      w.y -= 4;
      w.text(c.closingTitle, { size: 11, font: bold, after: 5 });
      for (const paragraph of c.closingText) w.text(paragraph, { size: 9.5, after: 5 });
    }
    if (c.notes.length) {
      w.y -= 6;
      for (const note of c.notes) w.text(`${note.number}. ${note.url}`, { size: 7.5, color: GREY, after: 1 });
    }
  }

  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const label = `${document.title} — ${document.electionLabel} — ${i + 1}/${pages.length}`;
    page.drawText(label, { x: MARGIN, y: MARGIN / 2, size: 7, font: regular, color: GREY });
  });
  return pdf.save();
}
