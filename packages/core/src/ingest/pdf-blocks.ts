// A page's lines become heading, paragraph, list and code blocks; line-end hyphens are settled last.
import { printedHeadingLength } from './pdf-headings.js';
import type { Line } from './pdf-lines.js';
import type { OutlineHeading } from './pdf-outline.js';
import { appendBlock } from './text.js';
import type { Block } from '../types.js';

/** Marks a line-end hyphen whose fate is decided once the whole document's vocabulary is known. */
const HYPHEN = '\uFDD0';
const BULLET = /^[•◦▪‣∙●○■□▶►–]\s+/;
/** A table-of-contents entry: dot leader, then a page number (arabic or roman). */
const TOC_ENTRY = /\s*(?:\.\s?){4,}\s*[\divxlc]{1,6}$/i;
/** TeX draws some accented letters as a spacing accent followed by the letter. */
const SPACING_ACCENT: Record<string, string> = { '¨': '\u0308', '´': '\u0301', ˆ: '\u0302', '˜': '\u0303', ˇ: '\u030C', '˚': '\u030A' };

/** Emits one page's headings and paragraphs; returns the line pitch it used (for the next page). */
export function pageBlocks(lines: Line[], page: number, headings: OutlineHeading[], fallbackPitch: number, blocks: Block[]): number {
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

/**
 * Settles each line-end hyphen: kept when only the hyphenated form occurs elsewhere in the document
 * ("so-called"), else dropped ("recov-ery" becomes "recovery").
 */
export function resolveHyphens(blocks: Block[]): void {
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
