import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { McdeweyError } from '../errors.js';
import { DEFAULT_INGEST_LIMITS, formatBytes, limitExceeded, type IngestLimits } from './limits.js';
import { inflatedStreamBytes } from './pdf-streams.js';
import type { Block, ExtractedDocument } from './types.js';
import { appendBlock, baseName } from './text.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** One visual line of a page, in the page's text direction. */
/**
 * The largest text on the first page that has text, as a cover title ("R FAQ", "Writing R
 * Extensions"); texinfo and many generated manuals carry no Info Title, and their first outline
 * entry is a preface. Only used when that text stands out (larger than the body text).
 */
function coverTitle(pages: Line[][]): string | undefined {
  const lines = pages.find((page) => page.length > 0) ?? [];
  if (lines.length === 0) return undefined;
  const sizes = lines.map((line) => line.size).sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)]!;
  const largest = sizes[sizes.length - 1]!;
  if (largest <= bodySize * 1.15) return undefined;
  const title = lines.filter((line) => line.size >= largest * 0.95).map((line) => line.text.trim()).join(' ').replace(/\s+/g, ' ').trim();
  return title.length >= 2 && title.length <= 120 ? title : undefined;
}

interface Line {
  text: string;
  /** Position across the text direction (the baseline y for upright text); larger is higher. */
  y: number;
  /** Start position along the text direction. */
  x: number;
  size: number;
  mono: boolean;
  charWidth: number;
}

interface OutlineHeading {
  title: string;
  level: number;
  /** Top of the destination on its page, when the outline says. */
  top: number | undefined;
}

/** Marks a line-end hyphen whose fate is decided once the whole document's vocabulary is known. */
const HYPHEN = '\uFDD0';
const BULLET = /^[•◦▪‣∙●○■□▶►–]\s+/;
/** A table-of-contents entry: dot leader, then a page number (arabic or roman). */
const TOC_ENTRY = /\s*(?:\.\s?){4,}\s*[\divxlc]{1,6}$/i;
/** TeX draws some accented letters as a spacing accent followed by the letter. */
const SPACING_ACCENT: Record<string, string> = { '¨': '\u0308', '´': '\u0301', 'ˆ': '\u0302', '˜': '\u0303', 'ˇ': '\u030C', '˚': '\u030A' };

interface PdfJsSetup {
  pdfjs: PdfJs;
  /** pdfjs's own CMap and standard-font folders, read from disk (trailing slash, as pdfjs wants). */
  dataUrls: Pick<DocumentInitParameters, 'cMapUrl' | 'cMapPacked' | 'standardFontDataUrl'>;
}

let setup: Promise<PdfJsSetup> | undefined;

/** Loads pdfjs once, with its worker code running on this thread (no worker file, no fetch). */
function loadPdfJs(): Promise<PdfJsSetup> {
  setup ??= (async () => {
    const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const scope = globalThis as { pdfjsWorker?: unknown };
    scope.pdfjsWorker ??= await import(workerModule);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    let dataUrls: PdfJsSetup['dataUrls'] = {};
    try {
      const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      dataUrls = { cMapUrl: `${join(root, 'cmaps')}/`, cMapPacked: true, standardFontDataUrl: `${join(root, 'standard_fonts')}/` };
    } catch {
      // Without them pdfjs still extracts text from embedded fonts.
    }
    return { pdfjs, dataUrls };
  })();
  return setup;
}

/**
 * Reads a PDF with pdfjs: text per physical page (every block carries its 1-based `page` and never
 * spans two pages), lines rebuilt from text items, paragraphs split on wider gaps, monospaced runs
 * kept as code, line-end hyphenation undone, running headers and footers dropped. The outline, when
 * there is one, gives `heading` blocks (level = outline depth) placed where each entry points.
 *
 * @param bytes The file's content (not modified; pdfjs gets a copy).
 * @param fileName The file's name or corpus path, used in error messages and as the fallback title.
 * @param limits Pages, extracted characters, and the bytes compressed streams may inflate to
 *   (checked before pdfjs decodes anything). Default `DEFAULT_INGEST_LIMITS`.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` when the PDF is encrypted, corrupt, has no text or
 *   exceeds a limit.
 */
export async function readPdf(bytes: Uint8Array, fileName: string, limits: Pick<IngestLimits, 'maxPdfPages' | 'maxPdfDecodedBytes' | 'maxTextChars'> = DEFAULT_INGEST_LIMITS): Promise<ExtractedDocument> {
  if ((await inflatedStreamBytes(bytes, limits.maxPdfDecodedBytes)) > limits.maxPdfDecodedBytes) {
    throw limitExceeded(fileName, `compressed streams inflate to more than ${formatBytes(limits.maxPdfDecodedBytes)}`, 'maxPdfDecodedBytes');
  }
  const { pdfjs, dataUrls } = await loadPdfJs();
  const params: DocumentInitParameters & { isEvalSupported: boolean } = {
    data: new Uint8Array(bytes),
    disableFontFace: true,
    // pdfjs 5 no longer reads this option (it has no eval path left); it stays for older versions.
    isEvalSupported: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    verbosity: 0,
    ...dataUrls,
  };
  const task = pdfjs.getDocument(params);
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (error) {
      throw loadError(error, fileName);
    }
    if (doc.numPages > limits.maxPdfPages) throw limitExceeded(fileName, `more than ${limits.maxPdfPages.toLocaleString('en')} pages`, 'maxPdfPages');
    const metadata = await infoOf(doc, pdfjs);
    const { headings, firstTitle } = await outlineOf(doc);

    const pages: Line[][] = [];
    const failed: number[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const lines = await pageLines(doc, n);
        pages.push(lines);
        for (const line of lines) chars += line.text.length;
        if (chars > limits.maxTextChars) throw limitExceeded(fileName, `more than ${limits.maxTextChars.toLocaleString('en')} characters of text`, 'maxTextChars');
      } catch (error) {
        if (error instanceof McdeweyError) throw error;
        failed.push(n);
        pages.push([]);
        if (failed.length === doc.numPages) throw loadError(error, fileName);
      }
    }
    if (failed.length > 0) metadata.unreadablePages = failed.join(', ');
    if (!pages.some((lines) => lines.length > 0)) {
      throw new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: no extractable text (scanned?)`, { details: { fileName } });
    }

    dropRunningLines(pages, new Set([...headings.values()].flat().map((heading) => headingKey(heading.title))));
    const blocks: Block[] = [];
    let previousPitch = 1.2;
    pages.forEach((lines, index) => {
      previousPitch = pageBlocks(lines, index + 1, headings.get(index) ?? [], previousPitch, blocks);
    });
    resolveHyphens(blocks);

    return {
      format: 'pdf',
      title: metadata.title || coverTitle(pages) || firstTitle || baseName(fileName),
      blocks,
      metadata,
      pageCount: doc.numPages,
    };
  } finally {
    await task.destroy();
  }
}

function loadError(error: unknown, fileName: string): McdeweyError {
  if (error instanceof McdeweyError) return error;
  if (error instanceof Error && error.name === 'PasswordException') {
    return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: PDF is encrypted (password required)`, { cause: error, details: { fileName } });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: corrupt or truncated PDF (${reason})`, { cause: error, details: { fileName } });
}

const INFO_KEYS: Record<string, string> = {
  Title: 'title',
  Author: 'author',
  Subject: 'subject',
  Keywords: 'keywords',
  Creator: 'creator',
  Producer: 'producer',
  CreationDate: 'created',
  ModDate: 'modified',
  PDFFormatVersion: 'pdfVersion',
};

async function infoOf(doc: PDFDocumentProxy, pdfjs: PdfJs): Promise<Record<string, string>> {
  const metadata: Record<string, string> = {};
  const { info, metadata: xmp } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
  for (const [key, name] of Object.entries(INFO_KEYS)) {
    const value = (info as Record<string, unknown>)[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const date = key.endsWith('Date') ? pdfjs.PDFDateString.toDateObject(value) : null;
    metadata[name] = date ? date.toISOString() : value.replace(/\s+/g, ' ').trim();
  }
  const xmpTitle = xmp?.get('dc:title');
  if (!metadata.title && typeof xmpTitle === 'string' && xmpTitle.trim() !== '') metadata.title = xmpTitle.trim();
  if (metadata.title && /^(untitled|microsoft word - .*)$/i.test(metadata.title)) delete metadata.title;
  return metadata;
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/** Outline entries by 0-based page index, in outline order. */
async function outlineOf(doc: PDFDocumentProxy): Promise<{ headings: Map<number, OutlineHeading[]>; firstTitle: string | undefined }> {
  const headings = new Map<number, OutlineHeading[]>();
  const outline = ((await doc.getOutline().catch(() => null)) ?? []) as OutlineNode[];
  const pageOfRef = new Map<string, number>();
  const firstTitle = outline.map((node) => node.title.replace(/\s+/g, ' ').trim()).find((title) => title !== '');

  const resolve = async (dest: OutlineNode['dest']): Promise<{ index: number; top: number | undefined } | undefined> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return undefined;
    const [target, mode] = explicit as [unknown, { name?: string } | undefined];
    let index: number;
    if (typeof target === 'number') {
      index = target;
    } else if (target !== null && typeof target === 'object' && 'num' in target && 'gen' in target) {
      const ref = target as { num: number; gen: number };
      const key = `${ref.num}R${ref.gen}`;
      index = pageOfRef.get(key) ?? (await doc.getPageIndex(ref));
      pageOfRef.set(key, index);
    } else {
      return undefined;
    }
    const topAt = mode?.name === 'XYZ' ? 3 : mode?.name === 'FitH' || mode?.name === 'FitBH' ? 2 : mode?.name === 'FitR' ? 5 : -1;
    const top = explicit[topAt];
    return { index, top: typeof top === 'number' ? top : undefined };
  };

  const visit = async (nodes: OutlineNode[], depth: number): Promise<void> => {
    for (const node of nodes) {
      const title = node.title.replace(/\s+/g, ' ').trim();
      const target = await resolve(node.dest).catch(() => undefined);
      if (target && title !== '' && target.index >= 0 && target.index < doc.numPages) {
        const list = headings.get(target.index) ?? [];
        list.push({ title, level: Math.min(depth, 6), top: target.top });
        headings.set(target.index, list);
      }
      await visit(node.items ?? [], depth + 1);
    }
  };
  await visit(outline, 1);
  return { headings, firstTitle };
}

async function pageLines(doc: PDFDocumentProxy, pageNumber: number): Promise<Line[]> {
  const page = await doc.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const monospace = new Set(Object.entries(content.styles).filter(([, style]) => style.fontFamily === 'monospace').map(([name]) => name));
    return buildLines(content.items.filter((item): item is TextItem => 'str' in item), monospace);
  } finally {
    page.cleanup();
  }
}

/** Groups text items into lines: a new line starts after `hasEOL` or when the baseline moves. */
function buildLines(items: TextItem[], monospace: Set<string>): Line[] {
  const lines: Line[] = [];
  let current: (Line & { end: number }) | undefined;
  let breakPending = false;

  const finish = (): void => {
    if (current) {
      const text = current.mono ? current.text.replace(/\s+$/, '') : current.text.replace(/\s+/g, ' ').trim();
      if (text !== '') lines.push({ text, y: current.y, x: current.x, size: current.size, mono: current.mono, charWidth: current.charWidth });
    }
    current = undefined;
  };

  for (const item of items) {
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    const scale = Math.hypot(a, b) || 1;
    const along = (a * e + b * f) / scale;
    const across = (a * f - b * e) / scale;
    const size = Math.hypot(c, d) || item.height;
    const blank = item.str.trim() === '';

    if (!blank) {
      if (current && (breakPending || Math.abs(across - current.y) > 0.5 * Math.max(size, current.size))) finish();
      breakPending = false;
      const mono = monospace.has(item.fontName);
      if (!current) {
        current = { text: '', y: across, x: along, size, mono, charWidth: 0, end: along };
      } else if (along - current.end > 0.25 * size && !/\s$/.test(current.text) && !/^\s/.test(item.str)) {
        current.text += ' ';
      }
      current.text += item.str;
      current.size = Math.max(current.size, size);
      current.mono &&= mono;
      if (mono && current.charWidth === 0 && item.str.length > 0) current.charWidth = item.width / item.str.length;
      current.end = along + item.width;
    } else if (current && item.str !== '') {
      current.text += item.str;
      current.end = along + item.width;
    }
    if (item.hasEOL) breakPending = true;
  }
  finish();
  return lines;
}

/**
 * Drops page numbers and running headers/footers: top or bottom lines repeated across pages, and
 * top lines repeating an outline title (the heading block comes from the outline anyway).
 */
function dropRunningLines(pages: Line[][], outlineTitles: Set<string>): void {
  const signature = (line: Line): string =>
    line.text.replace(/^[ivxlc]+\b|\b[ivxlc]+$/gi, '').replace(/[\d\s]+/g, ' ').trim().toLowerCase();
  const fromTop = (lines: Line[]): Line[] => [...lines].sort((p, q) => q.y - p.y).slice(0, 2);
  const fromBottom = (lines: Line[]): Line[] => [...lines].sort((p, q) => p.y - q.y).slice(0, 2);
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set([...fromTop(lines), ...fromBottom(lines)].map(signature))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const minimum = Math.max(3, Math.ceil(pages.length * 0.05));
  const running = (line: Line, topmost: boolean): boolean => {
    const key = signature(line);
    if (/^[\divxlc]{1,6}$/i.test(line.text)) return true;
    if (topmost && outlineTitles.has(headingKey(line.text))) return true;
    return key !== '' && line.text.length <= 150 && (counts.get(key) ?? 0) >= minimum;
  };
  pages.forEach((lines, index) => {
    const drop = new Set<Line>();
    for (const [edge, top] of [[fromTop(lines), true], [fromBottom(lines), false]] as const) {
      for (const [position, line] of edge.entries()) {
        if (!running(line, top && position === 0)) break;
        drop.add(line);
      }
    }
    if (drop.size > 0 && drop.size < lines.length) pages[index] = lines.filter((line) => !drop.has(line));
  });
}

/** Emits one page's headings and paragraphs; returns the line pitch it used (for the next page). */
function pageBlocks(lines: Line[], page: number, headings: OutlineHeading[], fallbackPitch: number, blocks: Block[]): number {
  const pitch = linePitch(lines) ?? fallbackPitch;
  const pending = [...headings].sort((p, q) => (q.top ?? Infinity) - (p.top ?? Infinity));
  let paragraph: { kind: Block['kind']; text: string; code: Array<{ line: Line; blankBefore: boolean }>; entryDone: boolean } | undefined;
  let previous: Line | undefined;

  const flush = (): void => {
    if (paragraph?.kind === 'code') paragraph.text = codeText(paragraph.code);
    if (paragraph) appendBlock(blocks, { kind: paragraph.kind, text: paragraph.text, page });
    paragraph = undefined;
    previous = undefined;
  };

  let i = 0;
  while (i < lines.length) {
    const current = lines[i] as Line;
    const heading = pending[0];
    if (heading && current.y <= (heading.top ?? Infinity) + 2) {
      pending.shift();
      flush();
      appendBlock(blocks, { kind: 'heading', level: heading.level, text: heading.title, page });
      i += printedHeadingLength(lines, i, heading.title);
      continue;
    }
    if (paragraph && previous && startsNewBlock(previous, current, pitch)) flush();

    const bullet = !current.mono && BULLET.test(current.text);
    const tocEntry = !current.mono && TOC_ENTRY.test(current.text);
    const text = current.mono ? current.text : composeAccents(current.text.replace(BULLET, '').replace(TOC_ENTRY, ''));
    if (bullet) flush();
    if (!paragraph) {
      const kind = current.mono ? 'code' : bullet || tocEntry ? 'list' : 'paragraph';
      paragraph = { kind, text, code: [{ line: current, blankBefore: false }], entryDone: false };
    } else if (paragraph.kind === 'code' && previous) {
      paragraph.code.push({ line: current, blankBefore: Math.round((previous.y - current.y) / (pitch * current.size)) > 1 });
    } else {
      paragraph.text = paragraph.entryDone ? `${paragraph.text}\n${text}` : joinProse(paragraph.text, text);
    }
    if (tocEntry) paragraph.kind = 'list';
    paragraph.entryDone = tocEntry;
    previous = current;
    i++;
  }
  flush();
  for (const heading of pending) appendBlock(blocks, { kind: 'heading', level: heading.level, text: heading.title, page });
  return pitch;
}

/** The usual baseline distance between lines of a paragraph on this page, in font sizes. */
function linePitch(lines: Line[]): number | undefined {
  const ratios: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [p, q] = [lines[i - 1] as Line, lines[i] as Line];
    const ratio = (p.y - q.y) / Math.max(p.size, q.size);
    if (Math.abs(p.size - q.size) < 0.1 * p.size && ratio > 0.9 && ratio < 2.2) ratios.push(ratio);
  }
  if (ratios.length < 3) return undefined;
  ratios.sort((p, q) => p - q);
  return ratios[Math.floor(ratios.length / 4)];
}

function startsNewBlock(previous: Line, line: Line, pitch: number): boolean {
  if (previous.mono !== line.mono) return true;
  const size = Math.max(previous.size, line.size);
  if (Math.abs(previous.size - line.size) > 0.15 * size) return true;
  const gap = (previous.y - line.y) / size;
  if (gap < -0.3) return true;
  return line.mono ? gap > pitch * 3.2 : gap > pitch * 1.12;
}

/** Code lines with their indentation rebuilt from x positions and blank lines from wider gaps. */
function codeText(code: Array<{ line: Line; blankBefore: boolean }>): string {
  const baseX = Math.min(...code.map(({ line }) => line.x));
  return code
    .map(({ line, blankBefore }) => {
      const indent = line.charWidth > 0 ? Math.min(80, Math.round((line.x - baseX) / line.charWidth)) : 0;
      return `${blankBefore ? '\n' : ''}${' '.repeat(indent)}${line.text}`;
    })
    .join('\n');
}

function joinProse(text: string, next: string): string {
  if (text.endsWith('\u00AD')) return text.slice(0, -1) + next;
  if (/\p{L}\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + HYPHEN + next;
  if (/[\p{L}\p{N}]-$/u.test(text) && !/(^|\s)-+$/.test(text)) return text + next;
  if (continuesUrl(text, next)) return text + next;
  return `${text} ${next}`;
}

/** A URL broken at the line end: the next line goes on with a path or host part, or the URL stopped at a dot. */
function continuesUrl(text: string, next: string): boolean {
  const url = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s()<>]*$/i.exec(text)?.[0];
  if (url === undefined || /^[\s)\]>]/.test(next)) return false;
  const head = /^\S+/.exec(next)?.[0] ?? '';
  return url.endsWith('.') ? /^[\p{Ll}\d]/u.test(head) : /[./]/.test(head.replace(/[.,;:)\]]+$/, ''));
}

function composeAccents(text: string): string {
  if (!/[¨´ˆ˜ˇ˚]/.test(text)) return text;
  return text.replace(/([¨´ˆ˜ˇ˚])(\p{L})/gu, (_match, accent: string, letter: string) => `${letter}${SPACING_ACCENT[accent] ?? ''}`).normalize('NFC');
}

const normalText = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const unnumbered = (text: string): string => text.replace(/^\s*((chapter|appendix|section|part)\s+)?[\dA-Z]{1,3}([.-]\d+)*\.?:?\s+/i, '');
/** A heading's text with its numbering, case, spacing and punctuation removed. */
const headingKey = (text: string): string => normalText(unnumbered(text.trim()));

/** How many lines starting at `start` print the heading (possibly numbered, possibly wrapped). */
function printedHeadingLength(lines: Line[], start: number, title: string): number {
  const targets = [normalText(title), headingKey(title)].filter((target) => target !== '');
  let printed = '';
  for (let count = 1; count <= 3 && start + count <= lines.length; count++) {
    printed += ` ${(lines[start + count - 1] as Line).text}`;
    const candidates = [normalText(printed), headingKey(printed)];
    if (candidates.some((candidate) => targets.includes(candidate))) return count;
    if (!candidates.some((candidate) => targets.some((target) => target.startsWith(candidate)))) return 0;
  }
  return 0;
}

/**
 * Settles each line-end hyphen: kept when only the hyphenated form occurs elsewhere in the document
 * ("so-called"), else dropped ("recov-ery" becomes "recovery").
 */
function resolveHyphens(blocks: Block[]): void {
  const marked = blocks.filter((block) => block.text.includes(HYPHEN));
  if (marked.length === 0) return;
  const vocabulary = new Set<string>();
  for (const block of blocks) {
    for (const word of block.text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) vocabulary.add(word);
  }
  const split = new RegExp(`([\\p{L}\\p{N}-]*)${HYPHEN}([\\p{L}\\p{N}-]*)`, 'gu');
  for (const block of marked) {
    block.text = block.text.replace(split, (_match, head: string, tail: string) => {
      const joined = `${head}${tail}`.toLowerCase();
      const hyphenated = `${head}-${tail}`.toLowerCase();
      return vocabulary.has(hyphenated) && !vocabulary.has(joined) ? `${head}-${tail}` : `${head}${tail}`;
    });
  }
}
