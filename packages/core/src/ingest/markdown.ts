import { load } from 'cheerio';
import matter from 'gray-matter';
import { Marked, type Token, type Tokens } from 'marked';
import type { Block, ExtractedDocument } from './types.js';
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
 */
export function readMarkdown(text: string, fileName: string): ExtractedDocument {
  const { metadata, body } = splitFrontMatter(text);
  const blocks: Block[] = [];
  emitTokens(markdown.lexer(stripShortcodes(body)), 'paragraph', blocks);
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

function splitFrontMatter(text: string): { metadata: Record<string, string>; body: string } {
  const toml = TOML_BLOCK.exec(text);
  if (toml) return { metadata: parseSimpleToml(toml[1] ?? ''), body: text.slice(toml[0].length) };
  if (!text.startsWith('---')) return { metadata: {}, body: text };
  try {
    // Options are passed on purpose: without them gray-matter caches every input forever.
    const parsed = matter(text, FRONT_MATTER_OPTIONS);
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.data)) metadata[key] = stringify(value);
    return { metadata, body: parsed.content };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    const block = YAML_BLOCK.exec(text);
    return { metadata: { frontMatterError: reason }, body: block ? text.slice(block[0].length) : text };
  }
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

const PAIRED_NOISE = /\{\{[<%]\s*comment\b[\s\S]*?[>%]\}\}[\s\S]*?\{\{[<%]\s*\/\s*comment\s*[>%]\}\}/g;
const SHORTCODE = /\{\{(?:<([\s\S]*?)>|%([\s\S]*?)%)\}\}/g;

/** Replaces Hugo shortcodes: links resolve to their target, `highlight` becomes a fence, the rest goes. */
function stripShortcodes(source: string): string {
  if (!source.includes('{{')) return source;
  return source.replace(PAIRED_NOISE, '').replace(SHORTCODE, replaceShortcode);
}

function replaceShortcode(match: string, angle: string | undefined, percent: string | undefined, offset: number, whole: string): string {
  const inner = (angle ?? percent ?? '').trim();
  if (inner.startsWith('/*') && inner.endsWith('*/')) {
    return angle === undefined ? `{{%${inner.slice(2, -2)}%}}` : `{{<${inner.slice(2, -2)}>}}`;
  }
  const closing = inner.startsWith('/');
  const [name = '', ...args] = inner.replace(/^\//, '').trim().split(/\s+/);
  const values = [...inner.matchAll(/(?:(\w+)=)?"([^"]*)"/g)];
  switch (name) {
    case 'ref':
    case 'relref':
      return values[0]?.[2] ?? args[0] ?? '';
    case 'highlight': {
      const before = offset === 0 || whole[offset - 1] === '\n' ? '' : '\n';
      const after = whole[offset + match.length] === '\n' ? '' : '\n';
      return `${before}\`\`\`${closing ? '' : (args[0] ?? '').replace(/"/g, '')}${after}`;
    }
    case 'figure':
      return values
        .filter(([, key]) => key === 'caption' || key === 'alt' || key === 'title')
        .map(([, , value]) => value)
        .join(' ');
    default:
      return '';
  }
}

function emitTokens(tokens: Token[], context: 'paragraph' | 'list', blocks: Block[]): void {
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
        for (const item of (token as Tokens.List).items) emitTokens(item.tokens, 'list', blocks);
        break;
      case 'blockquote':
        emitTokens((token as Tokens.Blockquote).tokens, context, blocks);
        break;
      case 'html':
        appendBlock(blocks, { kind: context, text: htmlText((token as Tokens.HTML).text) });
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

function htmlText(html: string): string {
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
