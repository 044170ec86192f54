import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/ingest/html.js';
import { SHARED_CORPUS } from '../helpers.js';

const corpusText = (path: string): Promise<string> => readFile(new URL(`../../../../corpus/${path}`, import.meta.url), 'utf8');

const allText = (blocks: Array<{ text: string }>): string => blocks.map((block) => block.text).join('\n');

describe('readHtml on a Sphinx page (Python 3.11 programming FAQ)', async () => {
  const source = await corpusText('python/v3.11/faq/programming.html');
  const doc = readHtml(source, 'programming.html');
  const text = allText(doc.blocks);

  it('takes the title from <title> and the headings from h1–h6', () => {
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('Programming FAQ — Python 3.11.2 documentation');
    expect(doc.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Programming FAQ', anchor: 'programming-faq' });
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 2, text: 'Core Language', anchor: 'core-language' });
    expect(doc.blocks).toContainEqual({
      kind: 'heading',
      level: 3,
      text: 'Why am I getting an UnboundLocalError when the variable has a value?',
      anchor: expect.any(String),
    });
    expect(doc.blocks.every((block) => block.page === undefined)).toBe(true);
  });

  it('keeps code blocks with their line breaks and indentation, entities decoded', () => {
    const code = doc.blocks.find((block) => block.kind === 'code' && block.text.startsWith('>>> x = 10\n>>> def foo():'));
    expect(code?.text).toBe('>>> x = 10\n>>> def foo():\n...     print(x)\n...     x += 1');
  });

  it('drops sidebars, related bars, header links, navigation and scripts', () => {
    expect(text).not.toContain('¶');
    expect(text).not.toContain('Table of Contents'); // .sphinxsidebar
    expect(text).not.toContain('Previous topic'); // .sphinxsidebar
    expect(text).not.toContain('Show Source'); // .sphinxsidebar
    expect(doc.blocks.some((block) => block.text === 'Navigation')).toBe(false); // .related bar
    expect(text).not.toContain('Theme'); // mobile nav
    expect(text).not.toMatch(/<script|<\/?(div|span|a|p|li|ul|pre)\b[^>]*>|&(gt|lt|amp|quot|#\d+);/);
  });

  it('keeps prose and list items as their own blocks, whitespace collapsed', () => {
    expect(doc.blocks).toContainEqual({ kind: 'list', text: 'Wing IDE\nKomodo IDE\nPyCharm' });
    const prose = doc.blocks.filter((block) => block.kind === 'paragraph');
    expect(prose.length).toBeGreaterThan(150);
    expect(prose.every((block) => !/\s{2}|\n/.test(block.text) && block.text === block.text.trim())).toBe(true);
  });
});

describe('readHtml on the Lua 5.2 manual (plain HTML, unclosed <p>)', async () => {
  const doc = readHtml(await corpusText('lua/v5.2/reference/manual.html'), 'manual.html');

  it('reads headings, prose directly in <body> and <pre> code', () => {
    expect(doc.title).toBe('Lua 5.2 Reference Manual');
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 2, text: '2.1 – Values and Types', anchor: '2.1' });
    expect(doc.blocks).toContainEqual({ kind: 'paragraph', text: 'by Roberto Ierusalimschy, Luiz Henrique de Figueiredo, Waldemar Celes' });
    const code = doc.blocks.filter((block) => block.kind === 'code');
    expect(code.length).toBeGreaterThan(50);
    expect(code.some((block) => block.text.includes('\n'))).toBe(true);
    expect(allText(doc.blocks)).toContain('Lua is an extension programming language designed to support general procedural programming');
  });
});

describe('readHtml on small pages', () => {
  it('keeps tables as one line per row with cells joined by " | "', () => {
    const doc = readHtml(
      '<html><body><main><h1>Limits</h1><table><thead><tr><th>Name</th><th>Max</th></tr></thead>' +
        '<tbody><tr><td>keys</td><td>1&nbsp;000</td></tr><tr><td><code>ttl</code></td><td>24 h</td></tr></tbody></table></main></body></html>',
      'limits.html',
    );
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Limits' },
      { kind: 'table', text: 'Name | Max\nkeys | 1 000\nttl | 24 h' },
    ]);
  });

  it('keeps text that sits directly in divs and sections, and drops page chrome outside <main>', () => {
    const doc = readHtml(
      `<html><head><title> Guide </title><style>p{}</style></head><body>
        <header>Site banner</header><nav>Home | Docs</nav>
        <main><section>Loose text in a section <b>with bold</b>
          <p>A paragraph.</p>trailing words<div>div text</div><footer>Article footer</footer></section></main>
        <footer>Site footer</footer><script>var x = "<p>";</script><noscript>Enable JS</noscript>
        <form><input value="q"> Search</form><iframe src="x"></iframe><svg><text>chart</text></svg>
      </body></html>`,
      'guide.html',
    );
    expect(doc.title).toBe('Guide');
    expect(doc.blocks.map((block) => block.text)).toEqual(['Loose text in a section with bold', 'A paragraph.', 'trailing words', 'div text', 'Article footer']);
  });

  it('falls back to the first h1, then the file name, for the title', () => {
    expect(readHtml('<body><h2>Sub</h2><h1>Main  title</h1></body>', 'a.html').title).toBe('Main title');
    expect(readHtml('<body><p>text</p></body>', 'dir/b.html').title).toBe('b.html');
  });
});

const haproxy = join(SHARED_CORPUS, 'haproxy/v2.6/manual/configuration.html');

describe('readHtml on a 2.6 MB single page', () => {
  it.skipIf(!existsSync(haproxy))(`reads ${haproxy} in a few seconds with headings from its structure (skipped when ../shared is absent)`, async () => {
    const source = await readFile(fileURLToPath(new URL(`file://${haproxy}`)), 'utf8');
    expect(source.length).toBeGreaterThan(2_500_000);
    const started = performance.now();
    const doc = readHtml(source, 'configuration.html');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(10_000);

    const headings = doc.blocks.filter((block) => block.kind === 'heading');
    expect(headings.length).toBeGreaterThan(80);
    expect(headings).toContainEqual({ kind: 'heading', level: 2, text: '1.1. The HTTP transaction model', anchor: 'chapter-1.1' });
    expect(headings).toContainEqual({ kind: 'heading', level: 1, text: 'Summary', anchor: 'chapter-summary' });
    const text = allText(doc.blocks);
    expect(text).toContain('The HTTP protocol is transaction-driven.');
    expect(text).not.toContain('Keyboard navigation'); // #sidebar
    expect(text).not.toContain('This keyword is available in sections'); // dropdown menus
    expect(text).not.toContain('searchFocus'); // inline script
  });
});
