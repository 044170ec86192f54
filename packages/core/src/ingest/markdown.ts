import { load } from 'cheerio';
import matter from 'gray-matter';
import { Marked, type Token, type Tokens } from 'marked';
import { McdeweyError } from '../errors.js';
import { DEFAULT_INGEST_LIMITS, formatBytes, limitExceeded, type IngestLimits } from './limits.js';
import { htmlNestingDepth, markdownNestingDepth } from './nesting.js';
import { stripShortcodes } from './shortcodes.js';
import type { Block, ExtractedDocument } from '../types.js';
import { appendBlock, baseName, collapseSpaces } from './text.js';

/** A private instance, so extensions others register on the global `marked` do not change ingest. */
const markdown = new Marked({ gfm: true });

/**
 * Reads a Markdown document. Front matter (YAML `---`, or simple TOML `+++`) becomes `metadata`,
 * never text; Hugo shortcodes are dropped (the prose inside paired ones is kept); headings, code
 * and tables become their own blocks and other text is reduced to plain text. The title is the
 * front matter `title`, else the first `#` heading, else the file name.
 *
 * @param text The decoded document text (`\n` line ends).
 * @param fileName The file's name or corpus path, used as the fallback title.
 * @param limits Front matter size, nesting depth (lists, block quotes, inline HTML). Default `DEFAULT_INGEST_LIMITS`.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` when front matter uses YAML aliases or a limit is exceeded.
 */
export function readMarkdown(text: string, fileName: string, limits: Pick<IngestLimits, 'maxFrontMatterBytes' | 'maxNestingDepth'> = DEFAULT_INGEST_LIMITS): ExtractedDocument {
  const { metadata, body } = splitFrontMatter(text, fileName, limits.maxFrontMatterBytes);
  if (markdownNestingDepth(body, limits.maxNestingDepth) > limits.maxNestingDepth) throw tooDeep(fileName, limits.maxNestingDepth);
  const blocks: Block[] = [];
  emitTokens(markdown.lexer(stripShortcodes(body)), 'paragraph', blocks, { fileName, maxNestingDepth: limits.maxNestingDepth });
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
  return {
    format: 'markdown',
    title: collapseSpaces(metadata.title ?? '') || firstH1 || baseName(fileName),
    blocks,
    metadata,
  };
}

const refuseToEvaluate = (): never => {
  throw new Error('executable front matter is not evaluated');
};
const FRONT_MATTER_OPTIONS = { engines: { javascript: refuseToEvaluate, js: refuseToEvaluate, coffee: refuseToEvaluate } };
const YAML_BLOCK = /^---[^\n]*\n(?:[\s\S]*?\n)?---[ \t]*(?:\n|$)/;
const TOML_BLOCK = /^\+\+\+[ \t]*\n([\s\S]*?\n)?\+\+\+[ \t]*(?:\n|$)/;

function splitFrontMatter(text: string, fileName: string, maxBytes: number): { metadata: Record<string, string>; body: string } {
  const toml = TOML_BLOCK.exec(text);
  if (toml) {
    if (Buffer.byteLength(toml[0]) > maxBytes) throw limitExceeded(fileName, `front matter larger than ${formatBytes(maxBytes)}`, 'maxFrontMatterBytes');
    return { metadata: parseSimpleToml(toml[1] ?? ''), body: text.slice(toml[0].length) };
  }
  if (!text.startsWith('---')) return { metadata: {}, body: text };
  const yaml = YAML_BLOCK.exec(text);
  if (yaml && Buffer.byteLength(yaml[0]) > maxBytes) throw limitExceeded(fileName, `front matter larger than ${formatBytes(maxBytes)}`, 'maxFrontMatterBytes');
  // gray-matter would parse an unclosed block to the end of the file as YAML.
  if (!yaml && Buffer.byteLength(text) > maxBytes) return { metadata: { frontMatterError: 'front matter has no closing ---' }, body: text };
  try {
    // Options are passed on purpose: without them gray-matter caches every input forever.
    const parsed = matter(text, FRONT_MATTER_OPTIONS);
    if (expandsPast(parsed.data, maxBytes)) {
      throw limitExceeded(fileName, `front matter uses YAML aliases that expand past ${formatBytes(maxBytes)}`, 'maxFrontMatterBytes');
    }
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.data)) metadata[key] = stringify(value);
    return { metadata, body: parsed.content };
  } catch (error) {
    if (error instanceof McdeweyError) throw error;
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const block = YAML_BLOCK.exec(text);
    return { metadata: { frontMatterError: reason }, body: block ? text.slice(block[0].length) : text };
  }
}

/**
 * True when `data`, every YAML alias expanded, is larger than `budget` (one per value plus the
 * length of each key and string). Without aliases front matter is never larger than its source,
 * which `maxFrontMatterBytes` bounds; aliases of aliases ("billion laughs": nine aliases of nine
 * aliases, nine deep, in 345 bytes) expand exponentially, and writing them out took 400 MB. The
 * walk stops as soon as the budget is spent, so it costs at most `budget` steps (and ends on a
 * cyclic alias too).
 */
function expandsPast(data: unknown, budget: number): boolean {
  let left = budget;
  const pending: unknown[] = [data];
  while (pending.length > 0) {
    const value = pending.pop();
    left -= 1;
    if (typeof value === 'string') {
      left -= value.length;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) {
        left -= key.length;
        pending.push(item);
      }
    }
    if (left < 0) return true;
  }
  return false;
}

function parseSimpleToml(source: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const line of source.split('\n')) {
    const match = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (match?.[1] && match[2]) metadata[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return metadata;
}

function stringify(value: unknown): string {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item instanceof Date)) {
    return value.map(stringify).join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What the token walk needs to know to refuse inline HTML that nests too deep. */
interface WalkLimits {
  fileName: string;
  maxNestingDepth: number;
}

function tooDeep(fileName: string, maxDepth: number): McdeweyError {
  return limitExceeded(fileName, `nesting deeper than ${maxDepth} levels`, 'maxNestingDepth');
}

function emitTokens(tokens: Token[], context: 'paragraph' | 'list', blocks: Block[], limits: WalkLimits): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        appendBlock(blocks, { kind: 'heading', level: (token as Tokens.Heading).depth, text: collapseSpaces(inlineText(token.tokens)) });
        break;
      case 'code':
        appendBlock(blocks, { kind: 'code', text: (token as Tokens.Code).text.replace(/\s+$/, '') });
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) => row.map((cell) => collapseSpaces(inlineText(cell.tokens))).join(' | '));
        appendBlock(blocks, { kind: 'table', text: rows.filter((row) => row.replace(/[\s|]/g, '') !== '').join('\n') });
        break;
      }
      case 'list':
        for (const item of (token as Tokens.List).items) emitTokens(item.tokens, 'list', blocks, limits);
        break;
      case 'blockquote':
        emitTokens((token as Tokens.Blockquote).tokens, context, blocks, limits);
        break;
      case 'html':
        appendBlock(blocks, { kind: context, text: htmlText((token as Tokens.HTML).text, limits) });
        break;
      case 'paragraph':
      case 'text':
        appendBlock(blocks, { kind: context, text: collapseSpaces(inlineText(token.tokens ?? [token])) });
        break;
      default:
        break;
    }
  }
}

function inlineText(tokens: Token[] | undefined): string {
  let text = '';
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'html':
      case 'checkbox':
        break;
      case 'br':
        text += ' ';
        break;
      case 'codespan':
      case 'escape':
        text += (token as Tokens.Codespan).text;
        break;
      case 'image':
        text += decodeEntities((token as Tokens.Image).text);
        break;
      default:
        if ('tokens' in token && Array.isArray(token.tokens)) text += inlineText(token.tokens as Token[]);
        else if ('text' in token) text += decodeEntities(String(token.text));
    }
  }
  return text;
}

function htmlText(html: string, limits: WalkLimits): string {
  if (htmlNestingDepth(html, limits.maxNestingDepth) > limits.maxNestingDepth) throw tooDeep(limits.fileName, limits.maxNestingDepth);
  const $ = load(html, null, false);
  $('script, style, noscript, template').remove();
  return collapseSpaces($.root().text());
}

const entityCache = new Map<string, string>();

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (entity) => {
    let decoded = entityCache.get(entity);
    if (decoded === undefined) {
      decoded = load(entity, null, false).root().text();
      if (entityCache.size < 4096) entityCache.set(entity, decoded);
    }
    return decoded;
  });
}
