import type { Block, ExtractedDocument } from '../types.js';

const MAX_TITLE_LENGTH = 200;

/**
 * Reads a plain-text document: one paragraph per run of non-blank lines. The title is the first
 * non-empty line (at most 200 characters), or the file name.
 *
 * @param text The decoded document text (`\n` line ends).
 * @param fileName The file's name or corpus path, used as the fallback title.
 */
export function readText(text: string, fileName: string): ExtractedDocument {
  const blocks: Block[] = [];
  for (const paragraph of text.split(/\n[ \t\f\v]*\n/)) {
    appendBlock(blocks, { kind: 'paragraph', text: paragraph.replace(/\s+/g, ' ').trim() });
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '');
  const title = firstLine === undefined ? baseName(fileName) : firstLine.trim().slice(0, MAX_TITLE_LENGTH).trim();
  return { format: 'text', title, blocks, metadata: {} };
}

// Helpers shared by the text-based readers (html.ts, markdown.ts); not part of the public API.

/** Collapses every run of whitespace (including no-break spaces) to one space and trims. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The last path segment of a file name: the fallback document title. */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

/**
 * Appends a block unless its text is blank; consecutive `list` blocks merge into one, one item
 * per line.
 */
export function appendBlock(blocks: Block[], block: Block): void {
  if (block.text.trim() === '') return;
  const previous = blocks[blocks.length - 1];
  if (block.kind === 'list' && previous?.kind === 'list' && previous.page === block.page) {
    previous.text += `\n${block.text}`;
    return;
  }
  blocks.push(block);
}
