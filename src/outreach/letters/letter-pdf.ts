import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { Letter } from './letter.ts';

// DejaVu Serif (free licence, npm dejavu-fonts-ttf): accents, « », Œ, ’ and the middle dot of « Candidat·e ».
const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
const REGULAR = readFileSync(`${FONT_DIR}DejaVuSerif.ttf`);
const BOLD = readFileSync(`${FONT_DIR}DejaVuSerif-Bold.ttf`);

// Parse each font file once (pdf-lib parses it again on every embedFont otherwise).
type Fontkit = typeof fontkit;
const parsed = new Map<unknown, ReturnType<Fontkit['create']>>();
const cachingFontkit: Fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      parsed.set(data, font);
    }
    return font;
  },
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 62;
const MARGIN_TOP = 57;
const MARGIN_BOTTOM = 57;
/** Left edge of the recipient, place/date and signature blocks (9 cm from the text's left edge). */
const RIGHT_X = MARGIN_X + 255;
const BLACK = rgb(0, 0, 0);
const SIZE = 11;
const LEADING = SIZE * 1.3;

/** Word widths at size 1 by font and word: letters of a batch repeat the same words. */
const wordWidths = new Map<string, number>();

/** Lays out letters one after another in one PDF document, each starting on a new page. */
export class LetterPdf {
  private page!: PDFPage;
  private y = 0;
  private constructor(
    readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {}

  static async create(title = 'Lettres'): Promise<LetterPdf> {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(cachingFontkit);
    pdf.setTitle(title);
    pdf.setLanguage('fr-FR');
    pdf.setProducer('Pacte');
    pdf.setCreator('Pacte');
    const regular = await pdf.embedFont(REGULAR, { subset: true });
    const bold = await pdf.embedFont(BOLD, { subset: true });
    return new LetterPdf(pdf, regular, bold);
  }

  private newPage() {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN_TOP;
  }

  private width(word: string, font: PDFFont): number {
    const key = `${font === this.bold ? 'b' : 'r'}${word}`;
    let w = wordWidths.get(key);
    if (w === undefined) {
      w = font.widthOfTextAtSize(word, 1);
      wordWidths.set(key, w);
    }
    return w;
  }

  private wrap(text: string, font: PDFFont, width: number): string[] {
    const out: string[] = [];
    for (const hardLine of text.split('\n')) {
      const space = this.width(' ', font) * SIZE;
      let line = '';
      let lineWidth = 0;
      for (const word of hardLine.split(/[ \t]+/).filter(Boolean)) {
        const w = this.width(word, font) * SIZE;
        if (line && lineWidth + space + w > width) {
          out.push(line);
          line = '';
          lineWidth = 0;
        }
        lineWidth = line ? lineWidth + space + w : w;
        line = line ? `${line} ${word}` : word;
      }
      out.push(line);
    }
    return out;
  }

  /** Writes text at x, wrapped to `width`, moving down; a new page when the bottom is reached. */
  private write(text: string, options: { x?: number; font?: PDFFont; after?: number; size?: number } = {}) {
    const { x = MARGIN_X, font = this.regular, after = 0, size = SIZE } = options;
    for (const line of this.wrap(text, font, A4[0] - MARGIN_X - x)) {
      if (this.y - LEADING < MARGIN_BOTTOM) this.newPage();
      this.y -= LEADING;
      if (line) this.page.drawText(line, { x, y: this.y, size, font, color: BLACK });
    }
    this.y -= after;
  }

  /** Adds one letter (sender, recipient, place and date, subject, body, signature). */
  addLetter(letter: Letter) {
    this.newPage();
    letter.senderLines.forEach((line, i) => {
      this.write(line, { font: i === 0 ? this.bold : this.regular, size: i === 0 ? 12 : 10 });
    });
    this.y = Math.min(this.y, A4[1] - MARGIN_TOP - 110);
    for (const line of letter.recipientLines) this.write(line, { x: RIGHT_X });
    this.y -= 28;
    this.write(letter.placeDate, { x: RIGHT_X, after: 28 });
    this.write(`Objet : ${letter.subject}`, { font: this.bold, after: 18 });
    for (const paragraph of letter.paragraphs) this.write(paragraph, { after: 7 });
    this.y -= 16;
    for (const line of letter.signatureLines) this.write(line, { x: RIGHT_X });
  }

  get pageCount(): number {
    return this.pdf.getPageCount();
  }

  async save(): Promise<Uint8Array> {
    return this.pdf.save({ objectsPerTick: 500 });
  }
}

/** A PDF of the given letters. */
export async function lettersPdf(
  letters: AsyncIterable<Letter> | Iterable<Letter>,
  title?: string,
): Promise<Uint8Array> {
  const writer = await LetterPdf.create(title);
  for await (const letter of letters) writer.addLetter(letter);
  return writer.save();
}
