import { load } from 'cheerio';
import { DEFAULT_INGEST_LIMITS, limitExceeded, type IngestLimits } from './limits.js';
import { isNavigationBar, withoutAnchorMark } from './navigation.js';
import { htmlNestingDepth } from './nesting.js';
import type { Block, ExtractedDocument } from '../types.js';
import { appendBlock, baseName, collapseSpaces } from './text.js';

/** The slice of domhandler's node shape the walker needs (cheerio does not export these types). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const MAIN_CANDIDATES = ['main', 'article', '[role=main]', 'div.body', 'div.document', 'body'];

const NOISE_SELECTORS = [
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'form',
  'svg',
  'iframe',
  'object',
  'embed',
  'button',
  'select',
  'textarea',
  '[hidden]',
  'aside',
  '#sidebar',
  '.sidebar',
  '.sphinxsidebar',
  '.related',
  '.headerlink',
  '.dropdown-menu',
  // DocBook (PostgreSQL) navigation tables and heading anchors ("3. Conventions #").
  '.navheader',
  '.navfooter',
  'a.id_link',
].join(', ');

const HEADING = /^h([1-6])$/;
const TEXT_BLOCKS = new Set(['p', 'dt', 'dd', 'blockquote', 'figcaption', 'caption', 'address', 'summary']);
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
  'big',
  'nobr',
]);
const ROWS_ONLY = new Set(['thead', 'tbody', 'tfoot']);

/**
 * Reads an HTML page: picks the main content (`main`, `article`, `[role=main]`, Sphinx
 * `div.body`/`div.document`, else `body`), drops navigation, sidebars, scripts and other template
 * noise, and emits headings, paragraphs, lists, code (`pre`, line breaks kept) and tables (one line
 * per row, cells joined with ` | `) in reading order. The title is `<title>`, else the first `<h1>`,
 * else the file name.
 *
 * @param text The decoded page source.
 * @param fileName The file's name or corpus path, used as the fallback title.
 * @param limits `maxNestingDepth`: deeper element nesting is refused before parsing (the parser's
 *   work grows with depth). Default `DEFAULT_INGEST_LIMITS`.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` when elements nest deeper than the limit.
 */
export function readHtml(text: string, fileName: string, limits: Pick<IngestLimits, 'maxNestingDepth'> = DEFAULT_INGEST_LIMITS): ExtractedDocument {
  const maxDepth = limits.maxNestingDepth;
  if (htmlNestingDepth(text, maxDepth) > maxDepth) throw limitExceeded(fileName, `nesting deeper than ${maxDepth} levels`, 'maxNestingDepth');
  const $ = load(text);
  const pageTitle = collapseSpaces($('head > title').first().text() || $('title').first().text());
  const description = collapseSpaces($('meta[name=description]').attr('content') ?? '');
  $(NOISE_SELECTORS).remove();

  const rootSelector = MAIN_CANDIDATES.find((selector) => $(selector).length > 0);
  const root = (rootSelector ? $(rootSelector).get(0) : $.root().get(0)) as unknown as DomNode;
  const walker = new BlockWalker();
  walker.walk(root, rootSelector !== undefined && rootSelector !== 'body');

  const firstH1 = walker.blocks.find((block) => block.kind === 'heading' && block.level === 1)?.text;
  return {
    format: 'html',
    title: pageTitle || firstH1 || baseName(fileName),
    blocks: walker.blocks,
    metadata: description === '' ? {} : { description },
  };
}

class BlockWalker {
  readonly blocks: Block[] = [];
  private inline = '';
  /** The id of an element entered since the last text: a heading that comes first in it takes it as its anchor (`<section id>`, DocBook's `<div class="sect1" id>`). */
  private pendingAnchor: string | undefined;
  private readonly kinds: Array<'paragraph' | 'list'> = ['paragraph'];

  walk(node: DomNode, insideMain: boolean): void {
    if (node.type === 'text') {
      this.inline += node.data ?? '';
      return;
    }
    if (node.children === undefined || node.type === 'comment' || node.type === 'directive') return;
    const name = node.name ?? '';
    const level = HEADING.exec(name)?.[1];
    if (level !== undefined) {
      this.flush();
      const anchor = node.attribs?.id || innerAnchor(node) || this.pendingAnchor;
      this.pendingAnchor = undefined;
      const heading: Block = { kind: 'heading', level: Number(level), text: withoutAnchorMark(collapseSpaces(inlineText(node))) };
      appendBlock(this.blocks, anchor ? { ...heading, anchor } : heading);
    } else if (name === 'pre') {
      this.flush();
      this.pendingAnchor = undefined;
      appendBlock(this.blocks, { kind: 'code', text: codeText(node) });
    } else if (name === 'table') {
      this.flush();
      this.pendingAnchor = undefined;
      const rows = tableRows(node).filter((row) => !isNavigationBar(row));
      appendBlock(this.blocks, { kind: 'table', text: rows.join('\n') });
    } else if (name === 'br') {
      this.inline += ' ';
    } else if (INLINE.has(name)) {
      if (name === 'img') this.inline += ` ${node.attribs?.alt ?? ''} `;
      for (const child of node.children) this.walk(child, insideMain);
    } else if ((name === 'header' || name === 'footer') && !insideMain) {
      return;
    } else {
      this.flush();
      if (node.attribs?.id) this.pendingAnchor = node.attribs.id;
      const inList = this.kinds[this.kinds.length - 1] === 'list';
      const kind = name === 'li' || (inList && TEXT_BLOCKS.has(name)) ? 'list' : TEXT_BLOCKS.has(name) ? 'paragraph' : undefined;
      if (kind) this.kinds.push(kind);
      const main = insideMain || name === 'main' || name === 'article' || node.attribs?.role === 'main';
      for (const child of node.children) this.walk(child, main);
      this.flush();
      if (kind) this.kinds.pop();
    }
  }

  private flush(): void {
    const text = collapseSpaces(this.inline);
    this.inline = '';
    if (text === '' || isNavigationBar(text)) return;
    this.pendingAnchor = undefined;
    appendBlock(this.blocks, { kind: this.kinds[this.kinds.length - 1] ?? 'paragraph', text });
  }
}

/** The first `id` (or old-style `<a name>`) inside a heading: `<h2><a name="2.1">Lexical Conventions</a></h2>`. */
function innerAnchor(node: DomNode): string | undefined {
  for (const child of node.children ?? []) {
    const own = child.attribs?.id || (child.name === 'a' ? child.attribs?.name : undefined);
    if (own) return own;
    const inner = innerAnchor(child);
    if (inner) return inner;
  }
  return undefined;
}

function inlineText(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.name === 'br') return ' ';
  if (node.name === 'img') return ` ${node.attribs?.alt ?? ''} `;
  let text = '';
  for (const child of node.children ?? []) text += inlineText(child);
  if (node.name !== undefined && !INLINE.has(node.name)) text = ` ${text} `;
  return text;
}

function codeText(node: DomNode): string {
  const raw = rawText(node)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '');
  return raw.replace(/^\n+/, '').replace(/\s+$/, '');
}

function rawText(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.name === 'br') return '\n';
  let text = '';
  for (const child of node.children ?? []) text += rawText(child);
  return text;
}

function tableRows(table: DomNode): string[] {
  const rows: string[] = [];
  const visit = (node: DomNode): void => {
    for (const child of node.children ?? []) {
      if (child.name === 'tr') {
        const cells = (child.children ?? []).filter((cell) => cell.name === 'td' || cell.name === 'th').map((cell) => collapseSpaces(inlineText(cell)));
        if (cells.some((cell) => cell !== '')) rows.push(cells.join(' | '));
      } else if (child.name !== undefined && ROWS_ONLY.has(child.name)) {
        visit(child);
      } else if (child.name === 'caption') {
        const caption = collapseSpaces(inlineText(child));
        if (caption !== '') rows.push(caption);
      }
    }
  };
  visit(table);
  return rows;
}
