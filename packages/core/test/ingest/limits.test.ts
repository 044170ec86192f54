import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { DEFAULT_INGEST_LIMITS, resolveLimits } from '../../src/ingest/limits.js';
import { readDocument } from '../../src/ingest/read.js';
import { openIndex } from '../../src/open.js';
import { flateBombPdf, manyPagesPdf, simplePdf } from '../fixtures/bad-files.js';
import { billionLaughsMarkdown, deepListMarkdown, hostileCorpus, largeFrontMatterMarkdown, nestedDivsHtml, openShortcodesMarkdown } from '../fixtures/hostile-documents.js';
import { testdir } from '../helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The reason `readDocument` refuses a file with, and how long it took to say so. */
async function refusal(bytes: Uint8Array, fileName: string, options: Parameters<typeof readDocument>[2] = {}): Promise<{ reason: string; seconds: number }> {
  const started = performance.now();
  try {
    await readDocument(bytes, fileName, options);
  } catch (error) {
    if (!isMcdeweyError(error, 'UNREADABLE_DOCUMENT')) throw error;
    return { reason: error.message.replace(`${fileName}: `, ''), seconds: (performance.now() - started) / 1000 };
  }
  throw new Error(`${fileName} was read`);
}

/**
 * Unguarded, these documents take minutes or exhaust memory; guarded, milliseconds. The bound is
 * loose so that a loaded machine cannot fail it (speed itself is measured in benchmarks).
 */
const QUICKLY_SECONDS = 5;

describe('per-document limits: each hostile document is refused quickly, naming the limit', () => {
  // The readers load lazily; load them before anything is timed.
  beforeAll(async () => {
    await readDocument(utf8('# Warm\n\nText.\n'), 'warm.md');
    await readDocument(utf8('<html><body><p>Text.</p></body></html>'), 'warm.html');
  });

  it('front matter whose YAML aliases expand exponentially (billion laughs, 345 bytes) is refused before it is written out', async () => {
    const { reason, seconds } = await refusal(utf8(billionLaughsMarkdown()), 'laughs.md');
    expect(reason).toBe('front matter uses YAML aliases that expand past 64 KiB (limits.maxFrontMatterBytes)');
    expect(seconds).toBeLessThan(QUICKLY_SECONDS);
    expect((await refusal(utf8('---\nloop: &loop [*loop]\n---\n# T\n\nText.\n'), 'cycle.md')).reason).toContain('expand past 64 KiB');
    // Aliases that stay small are kept, as Hugo sites use them (etcd's docs index pages do).
    const hugo = '---\ntitle: v3.5 docs\ncascade:\n  versName: &name v3.5\nlinkTitle: *name\nbase: &base { a: 1 }\nother:\n  <<: *base\n---\n# T\n\nText.\n';
    expect((await readDocument(utf8(hugo), 'hugo.md')).metadata).toMatchObject({ linkTitle: 'v3.5', other: '{"a":1}' });
  });

  it('front matter larger than maxFrontMatterBytes is refused; an ordinary one still becomes metadata', async () => {
    expect((await refusal(utf8(largeFrontMatterMarkdown()), 'large.md')).reason).toBe('front matter larger than 64 KiB (limits.maxFrontMatterBytes)');
    const read = await readDocument(utf8('---\ntitle: Small\ntags: [a, b]\n---\n# Small\n\nText.\n'), 'small.md');
    expect(read.metadata).toEqual({ title: 'Small', tags: 'a, b' });
  });

  it('a Markdown list nested 3,000 levels (9 MB) is refused quickly', async () => {
    const { reason, seconds } = await refusal(utf8(deepListMarkdown()), 'deep.md');
    expect(reason).toBe('nesting deeper than 200 levels (limits.maxNestingDepth)');
    expect(seconds).toBeLessThan(QUICKLY_SECONDS);
    // Within the limit, nested lists read as before.
    const nested = await readDocument(utf8(deepListMarkdown(20)), 'nested.md');
    expect(nested.blocks.map((block) => block.text).join('\n')).toContain('item 19');
  });

  it('3,000 unclosed Hugo shortcodes (45 KB) read in linear time', async () => {
    const started = performance.now();
    const read = await readDocument(utf8(openShortcodesMarkdown()), 'shortcodes.md');
    expect((performance.now() - started) / 1000).toBeLessThan(QUICKLY_SECONDS);
    expect(read.blocks.map((block) => block.text).join('\n')).toContain('The body text.');
  });

  it('100,000 nested <div>s (1.1 MB), as HTML or inside Markdown, are refused quickly', async () => {
    for (const [bytes, name] of [
      [utf8(nestedDivsHtml()), 'divs.html'],
      [utf8(`# Divs\n\n${nestedDivsHtml()}\n`), 'divs.md'],
    ] as const) {
      const { reason, seconds } = await refusal(bytes, name);
      expect(reason).toBe('nesting deeper than 200 levels (limits.maxNestingDepth)');
      expect(seconds).toBeLessThan(QUICKLY_SECONDS);
    }
    // Void elements, optional end tags, comments and scripts do not count as nesting.
    const flat = `<html><body><ul>${'<li>item<br><img alt="">'.repeat(500)}</ul><!--${'<div>'.repeat(500)}--><script>${'<div>'.repeat(500)}</script><p>Text.</p></body></html>`;
    expect((await readDocument(utf8(flat), 'flat.html')).blocks.length).toBeGreaterThan(0);
  });

  it('a 1.5 MB PDF whose streams inflate to 1.5 GB is refused before pdfjs decodes it', async () => {
    const bomb = flateBombPdf();
    expect(bomb.length).toBeLessThan(2_000_000);
    const { reason, seconds } = await refusal(bomb, 'bomb.pdf');
    expect(reason).toBe('compressed streams inflate to more than 256 MiB (limits.maxPdfDecodedBytes)');
    expect(seconds).toBeLessThan(10);
  });

  it('limits can be lowered per call: file size, pages, extracted text', async () => {
    expect((await refusal(simplePdf(), 'small.pdf', { limits: { maxFileBytes: { pdf: 100 } } })).reason).toBe('larger than 100 bytes (limits.maxFileBytes.pdf)');
    expect((await refusal(manyPagesPdf(5), 'pages.pdf', { limits: { maxPdfPages: 4 } })).reason).toBe('more than 4 pages (limits.maxPdfPages)');
    expect((await refusal(manyPagesPdf(5), 'chars.pdf', { limits: { maxTextChars: 50 } })).reason).toBe('more than 50 characters of text (limits.maxTextChars)');
    expect((await refusal(utf8('# Title\n\nSome words of text.\n'), 'chars.md', { limits: { maxTextChars: 10 } })).reason).toBe('more than 10 characters of text (limits.maxTextChars)');
    expect((await readDocument(manyPagesPdf(5), 'pages.pdf', { limits: { maxPdfPages: 5 } })).pageCount).toBe(5);
  });

  it('refuses a limit that is not a positive number, naming it', () => {
    expect(() => resolveLimits({ maxNestingDepth: 0 })).toThrow('limits.maxNestingDepth must be a positive number, got 0');
    expect(() => resolveLimits({ maxFileBytes: { html: Number.NaN } })).toThrow('limits.maxFileBytes.html');
    expect(resolveLimits({ maxFileBytes: { html: 5 } }).maxFileBytes).toEqual({ ...DEFAULT_INGEST_LIMITS.maxFileBytes, html: 5 });
  });
});

describe('ingest under limits', () => {
  it('skips each hostile document with its reason, indexes the rest, and writes no blown-up records', async () => {
    const corpus = testdir(hostileCorpus());
    const index = join(testdir(), 'index');
    const report = await ingest(corpus, index);
    expect(Object.fromEntries(report.skipped.map((file) => [file.source, file.reason]))).toEqual({
      'acme/v1/guide/bomb.pdf': 'compressed streams inflate to more than 256 MiB (limits.maxPdfDecodedBytes)',
      'acme/v1/guide/deep-list.md': 'nesting deeper than 200 levels (limits.maxNestingDepth)',
      'acme/v1/guide/divs-in-markdown.md': 'nesting deeper than 200 levels (limits.maxNestingDepth)',
      'acme/v1/guide/divs.html': 'nesting deeper than 200 levels (limits.maxNestingDepth)',
      'acme/v1/guide/large-matter.md': 'front matter larger than 64 KiB (limits.maxFrontMatterBytes)',
      'acme/v1/guide/laughs.md': 'front matter uses YAML aliases that expand past 64 KiB (limits.maxFrontMatterBytes)',
    });
    const library = await openIndex(index);
    expect(library.documents.map((document) => document.source).sort()).toEqual(['acme/v1/guide/ok.md', 'acme/v1/guide/shortcodes.md']);
    expect(statSync(join(index, 'documents.jsonl')).size).toBeLessThan(10_000);
  });

  it('stops a document that takes longer than maxSecondsPerDocument, and goes on with a fresh worker', async () => {
    // Parsing 100,000 nested elements takes minutes once the nesting limit is lifted.
    const corpus = testdir({ 'acme/v1/guide/a-slow.html': nestedDivsHtml(), 'acme/v1/guide/b-fine.md': '# Fine\n\nStill read after the slow one.\n' });
    const started = performance.now();
    const report = await ingest(corpus, join(testdir(), 'index'), { limits: { maxNestingDepth: 1_000_000, maxSecondsPerDocument: 1 } });
    expect((performance.now() - started) / 1000).toBeLessThan(15);
    expect(report.skipped).toEqual([{ source: 'acme/v1/guide/a-slow.html', reason: 'took longer than 1 s (limits.maxSecondsPerDocument)' }]);
    expect(report.processed).toBe(1);
  });

  it('stops a document whose reading needs more heap than maxHeapMbPerDocument, and goes on', async () => {
    // 400,000 list items: cheerio's tree for them needs a few hundred MiB.
    const big = `<html><body><ul>${'<li>An item of a long list</li>'.repeat(400_000)}</ul></body></html>`;
    const corpus = testdir({ 'acme/v1/guide/a-big.html': big, 'acme/v1/guide/b-fine.md': '# Fine\n\nStill read after the big one.\n' });
    const report = await ingest(corpus, join(testdir(), 'index'), { limits: { maxHeapMbPerDocument: 64 } });
    expect(report.skipped).toEqual([{ source: 'acme/v1/guide/a-big.html', reason: 'used more than 64 MiB of memory (limits.maxHeapMbPerDocument)' }]);
    expect(report.processed).toBe(1);
  });
});
