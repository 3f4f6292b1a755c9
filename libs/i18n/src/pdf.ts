// Printable documents for clients in any of their languages, right-to-left included.
// DejaVu Sans covers Latin, Cyrillic and Arabic; fontkit (through pdfkit) shapes Arabic and
// lays a right-to-left run out in visual order, and the Unicode bidi algorithm (bidi-js) orders
// the runs of a line, so Latin names and numbers read correctly inside Arabic text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bidiModule from 'bidi-js';
import PDFDocument from 'pdfkit';
import { textDirection } from './i18n.js';

const require = createRequire(import.meta.url);

interface Fonts {
  regular: Buffer;
  bold: Buffer;
}

let fonts: Fonts | undefined;
function loadFonts(): Fonts {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

// bidi-js is a UMD bundle: Node's default import is the factory itself, its types say `.default`.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();

// Passing features makes pdfkit shape a whole run at once instead of word by word, which keeps
// the words of a right-to-left run in their visual order.
const FEATURES: PDFKit.Mixins.OpenTypeFeatures[] = ['kern'];

/** First-strong isolate and its end: direction controls that take no space on the page. */
const FSI = '\u2068';
const PDI = '\u2069';
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Scripts fontkit lays out right to left by itself (it reverses their glyphs). */
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export interface PdfWriterOptions {
  language: string;
  title: string;
  author?: string;
}

interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
  /** Extra space after the paragraph, in points. */
  after?: number;
  indent?: number;
  /** Drawn before the first line, in the indent (a list bullet). */
  marker?: string;
}

interface Run {
  text: string;
  level: number;
}

/** Splits a line into runs of one embedding level each, in visual order (rule L2 of UAX #9). */
export function visualRuns(line: string, rtl: boolean): Run[] {
  const { levels } = bidi.getEmbeddingLevels(line, rtl ? 'rtl' : 'ltr');
  const runs: Run[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = runs.at(-1);
    if (last && last.level === levels[i]) {
      last.text += line[i];
    } else {
      runs.push({ text: line[i], level: levels[i] });
    }
  }
  const maxLevel = Math.max(0, ...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => (run.level % 2 === 1 ? run.level : run.level + 1)));
  for (let level = maxLevel; level >= lowestOdd; level--) {
    for (let start = 0; start < runs.length; start++) {
      if (runs[start].level >= level) {
        let end = start;
        while (end + 1 < runs.length && runs[end + 1].level >= level) {
          end++;
        }
        runs.splice(start, end - start + 1, ...runs.slice(start, end + 1).reverse());
        start = end;
      }
    }
  }
  return runs.flatMap((run) => {
    const text = run.text.replace(BIDI_CONTROLS, '');
    if (text === '') {
      return [];
    }
    if (run.level % 2 === 0) {
      return [{ level: run.level, text }];
    }
    const mirrored = [...text].map((char) => bidi.getMirroredCharacter(char) ?? char);
    // fontkit reverses runs of right-to-left scripts; other runs (punctuation) we reverse here.
    return [
      { level: run.level, text: RTL_SCRIPT.test(text) ? mirrored.join('') : mirrored.reverse().join('') },
    ];
  });
}

/** A simple flowing document: headings, paragraphs, labelled fields and lists, in one direction. */
export class PdfWriter {
  readonly rtl: boolean;
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(options: PdfWriterOptions) {
    this.rtl = textDirection(options.language) === 'rtl';
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 56, right: 56 },
      lang: options.language,
      displayTitle: true,
      info: { Title: options.title, Author: options.author ?? 'MONI Referral Network' },
    });
    const { regular, bold } = loadFonts();
    this.doc.registerFont('body', regular);
    this.doc.registerFont('bold', bold);
    this.doc.font('body');
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  heading(text: string, level: 1 | 2 = 1): this {
    return this.paragraph(text, { size: level === 1 ? 18 : 12.5, bold: true, after: level === 1 ? 10 : 4 });
  }

  paragraph(text: string, style: TextStyle = {}): this {
    const size = style.size ?? 10.5;
    this.doc
      .font(style.bold ? 'bold' : 'body')
      .fontSize(size)
      .fillColor(style.color ?? '#1a1a1a');
    const indent = style.indent ?? 0;
    const width = this.contentWidth() - indent;
    this.wrap(text, width).forEach((line, index) => {
      const marker = index === 0 && style.marker ? { text: style.marker, indent: indent - 12 } : undefined;
      this.drawLine(line, indent, size * 1.45, marker);
    });
    this.doc.y += style.after ?? 6;
    return this;
  }

  /**
   * `label: value` on one line (wrapped as needed). The value is a bidi isolate, so an id or a
   * version like `2026-1` keeps its own order inside Arabic text.
   */
  field(label: string, value: string): this {
    return this.paragraph(`${label}: ${FSI}${value}${PDI}`, { after: 2 });
  }

  bullets(items: string[]): this {
    for (const item of items) {
      this.paragraph(item, { indent: 22, marker: '•', after: 1 });
    }
    this.doc.y += 5;
    return this;
  }

  space(points = 8): this {
    this.doc.y += points;
    return this;
  }

  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }

  private contentWidth(): number {
    const { width, margins } = this.doc.page;
    return width - margins.left - margins.right;
  }

  private width(text: string): number {
    return this.doc.widthOfString(text, { features: FEATURES });
  }

  /** Greedy line breaking on the logical text; each line is reordered for display afterwards. */
  private wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (!line || this.width(candidate) <= width) {
          line = candidate;
          continue;
        }
        lines.push(line);
        line = word;
      }
      lines.push(...this.splitLong(line, width));
    }
    return lines;
  }

  /** A single word wider than the line (a long id) is cut by characters. */
  private splitLong(line: string, width: number): string[] {
    if (this.width(line) <= width) {
      return [line];
    }
    const parts: string[] = [];
    let part = '';
    for (const char of line) {
      if (part && this.width(part + char) > width) {
        parts.push(part);
        part = '';
      }
      part += char;
    }
    return [...parts, part];
  }

  private drawLine(
    line: string,
    indent: number,
    lineHeight: number,
    marker?: { text: string; indent: number },
  ): void {
    const { margins, height } = this.doc.page;
    if (this.doc.y + lineHeight > height - margins.bottom) {
      this.doc.addPage();
    }
    const y = this.doc.y;
    const runs = visualRuns(line, this.rtl);
    const total = runs.reduce((sum, run) => sum + this.width(run.text), 0);
    if (marker) {
      const markerX = this.rtl
        ? margins.left + this.contentWidth() - marker.indent - this.width(marker.text)
        : margins.left + marker.indent;
      this.doc.text(marker.text, markerX, y, { lineBreak: false, features: FEATURES });
    }
    let x = this.rtl ? margins.left + this.contentWidth() - indent - total : margins.left + indent;
    for (const run of runs) {
      this.doc.text(run.text, x, y, { lineBreak: false, features: FEATURES });
      x += this.width(run.text);
    }
    this.doc.x = margins.left;
    this.doc.y = y + lineHeight;
  }
}
