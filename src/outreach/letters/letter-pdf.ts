import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Letter } from './letter.ts';
import { type PdfFont, PdfStream } from './pdf-stream.ts';

// DejaVu Serif (free licence, npm dejavu-fonts-ttf): accents, « », Œ, ’ and the middle dot of « Candidat·e ».
const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
const REGULAR = readFileSync(`${FONT_DIR}DejaVuSerif.ttf`);
const BOLD = readFileSync(`${FONT_DIR}DejaVuSerif-Bold.ttf`);

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 62;
const MARGIN_TOP = 57;
const MARGIN_BOTTOM = 57;
/** Left edge of the recipient, place/date and signature blocks (9 cm from the text's left edge). */
const RIGHT_X = MARGIN_X + 255;
const SIZE = 11;
const LEADING = SIZE * 1.3;

type Run = { x: number; y: number; size: number; font: PdfFont; text: string };

/**
 * Lays out letters one after another in one PDF, each starting on a new page; every finished page
 * is written out at once (pdf-stream.ts), so a batch of a thousand letters stays in bounded memory.
 */
export class LetterPdf {
  private readonly stream: PdfStream;
  private readonly regular: PdfFont;
  private readonly bold: PdfFont;
  private runs: Run[] = [];
  private y = 0;
  /** Word widths at size 1 by font and word: the letters of a batch repeat the same words. */
  private readonly widths = new Map<string, number>();

  constructor(write: (chunk: Uint8Array) => void | Promise<void>, title = 'Lettres') {
    this.stream = new PdfStream(write, { title, lang: 'fr-FR', pageSize: A4 });
    this.regular = this.stream.font(REGULAR);
    this.bold = this.stream.font(BOLD);
  }

  private async flushPage() {
    if (this.runs.length > 0) await this.stream.page(this.runs);
    this.runs = [];
  }

  private async newPage() {
    await this.flushPage();
    this.y = A4[1] - MARGIN_TOP;
  }

  private width(word: string, font: PdfFont): number {
    const key = `${font.name}${word}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = font.width(word);
      this.widths.set(key, w);
    }
    return w;
  }

  private wrap(text: string, font: PdfFont, size: number, width: number): string[] {
    const out: string[] = [];
    const space = this.width(' ', font) * size;
    for (const hardLine of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of hardLine.split(/[ \t]+/).filter(Boolean)) {
        const w = this.width(word, font) * size;
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

  /** Writes text at x, wrapped to the right margin, moving down; a new page when the bottom is reached. */
  private async write(text: string, options: { x?: number; font?: PdfFont; after?: number; size?: number } = {}) {
    const { x = MARGIN_X, font = this.regular, after = 0, size = SIZE } = options;
    for (const line of this.wrap(text, font, size, A4[0] - MARGIN_X - x)) {
      if (this.y - LEADING < MARGIN_BOTTOM) await this.newPage();
      this.y -= LEADING;
      if (line) this.runs.push({ x, y: this.y, size, font, text: line });
    }
    this.y -= after;
  }

  /** Adds one letter (sender, recipient, place and date, subject, body, signature) on new pages. */
  async addLetter(letter: Letter) {
    await this.newPage();
    for (const [i, line] of letter.senderLines.entries()) {
      await this.write(line, { font: i === 0 ? this.bold : this.regular, size: i === 0 ? 12 : 10 });
    }
    this.y = Math.min(this.y, A4[1] - MARGIN_TOP - 110);
    for (const line of letter.recipientLines) await this.write(line, { x: RIGHT_X });
    this.y -= 28;
    await this.write(letter.placeDate, { x: RIGHT_X, after: 28 });
    await this.write(`Objet : ${letter.subject}`, { font: this.bold, after: 18 });
    for (const paragraph of letter.paragraphs) await this.write(paragraph, { after: 7 });
    this.y -= 16;
    for (const line of letter.signatureLines) await this.write(line, { x: RIGHT_X });
  }

  get pageCount(): number {
    return this.stream.pageCount;
  }

  /** Writes the last page, the fonts and the end of the file. */
  async end() {
    await this.flushPage();
    await this.stream.end();
  }
}

/** A PDF of the letters, as chunks produced while the letters arrive (one letter's pages at a time). */
export async function* letterPdfChunks(
  letters: AsyncIterable<Letter> | Iterable<Letter>,
  title = 'Lettres',
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const pdf = new LetterPdf((chunk) => {
    out.push(chunk);
  }, title);
  for await (const letter of letters) {
    await pdf.addLetter(letter);
    if (out.length > 0) yield Buffer.concat(out.splice(0));
  }
  await pdf.end();
  yield Buffer.concat(out.splice(0));
}

/** A whole PDF of the letters in memory (one letter, tests). */
export async function lettersPdf(letters: AsyncIterable<Letter> | Iterable<Letter>, title?: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of letterPdfChunks(letters, title)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
