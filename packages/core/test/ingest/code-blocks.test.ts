import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/chunker.js';
import { fencedText } from '../../src/display/fenced-text.js';
import { readHtml } from '../../src/ingest/html.js';
import { readMarkdown } from '../../src/ingest/markdown.js';
import { readPdf } from '../../src/ingest/pdf.js';
import type { Block, ChunkRecord, ExtractedDocument } from '../../src/types.js';

const source = { vendor: 'acme', version: 'v1', group: 'guide', doc: 'code', source: 'acme/v1/guide/code.html' };
const codeOf = (chunk: ChunkRecord): string[] => (chunk.code ?? []).map(([start, end]) => chunk.text.slice(start, end));
const allCode = (chunks: ChunkRecord[]): string[] => chunks.flatMap(codeOf);
const prose = (words: number, word = 'widget'): string => Array.from({ length: words }, (_, i) => `${word}${i % 7}`).join(' ') + '.';
const doc = (blocks: Block[]): ExtractedDocument => ({ format: 'html', title: 'Code', blocks, metadata: {} });

describe('code stays code: readers', () => {
  it('HTML <pre> keeps line breaks and indentation, first line included, and is marked in the chunk', () => {
    const page =
      '<html><body><main><h1>Install</h1><p>Run this:</p><pre><code>    indented first line\nacme --data-dir /var/lib/acme \\\n    --verbose\n\n  done</code></pre><p>Then restart.</p></main></body></html>';
    const { chunks } = chunkDocument(readHtml(page, 'code.html'), source);
    expect(allCode(chunks)).toEqual(['    indented first line\nacme --data-dir /var/lib/acme \\\n    --verbose\n\n  done']);
    // BM25 reads `text`: the code's words stay in it.
    expect(chunks.map((chunk) => chunk.text).join('\n')).toContain('--data-dir /var/lib/acme');
  });

  it('Markdown fences and indented code blocks are kept verbatim and marked', () => {
    const markdown = '# Setup\n\nFenced:\n\n```sh\nif true; then\n  echo "yes"\nfi\n```\n\nIndented:\n\n    def main():\n        return 1\n\nAfter.\n';
    const { chunks } = chunkDocument(readMarkdown(markdown, 'setup.md'), source);
    expect(allCode(chunks)).toEqual(['if true; then\n  echo "yes"\nfi', 'def main():\n    return 1']);
  });

  it('PDF monospaced lines (pdfjs font family "monospace") become code with their indentation, marked in the chunk', async () => {
    const bytes = await readFile(new URL('../../../../corpus/r-project/v4.5/manuals/r-faq.pdf', import.meta.url));
    const { chunks } = chunkDocument(await readPdf(new Uint8Array(bytes), 'r-faq.pdf'), { ...source, source: 'r-faq.pdf' });
    const code = allCode(chunks);
    expect(code.length).toBeGreaterThan(10);
    expect(code.some((text) => /\n {2,}\S/.test(text))).toBe(true);
    for (const chunk of chunks.filter((chunk) => chunk.code)) expect(chunk.page).toBeDefined();
  }, 60_000);
});

describe('code stays code: the chunker', () => {
  it('never splits a code block that fits: it moves whole to the next chunk', () => {
    const code = Array.from({ length: 30 }, (_, i) => `  step_${i} --flag value${i}`).join('\n');
    const { chunks } = chunkDocument(
      doc([
        { kind: 'paragraph', text: prose(150) },
        { kind: 'code', text: code },
        { kind: 'paragraph', text: 'Done.' },
      ]),
      source,
      { maxTokens: 256 },
    );
    const holding = chunks.filter((chunk) => chunk.code);
    expect(holding).toHaveLength(1);
    expect(codeOf(holding[0]!)).toEqual([code]);
  });

  it('splits a code block larger than a chunk at blank lines, keeps indentation, and marks every piece', () => {
    const paragraph = (k: number) => Array.from({ length: 12 }, (_, i) => `    line_${k}_${i} = compute(${i})`).join('\n');
    const code = [0, 1, 2, 3, 4, 5].map(paragraph).join('\n\n');
    const { chunks } = chunkDocument(doc([{ kind: 'code', text: code }]), source, { maxTokens: 200 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.code).toEqual([[0, chunk.text.length]]);
      expect(chunk.text.startsWith('    line_')).toBe(true);
      expect(chunk.text.endsWith(')')).toBe(true);
    }
    expect(chunks.map((chunk) => chunk.text).join('\n\n')).toBe(code);
  });

  it('starts a block too long for one chunk on a fresh chunk, its heading with it', () => {
    const { chunks } = chunkDocument(
      doc([
        { kind: 'paragraph', text: prose(60, 'intro') },
        { kind: 'heading', level: 2, text: 'Long section' },
        { kind: 'paragraph', text: `${prose(200)} ${prose(200)}` },
      ]),
      source,
      { maxTokens: 256 },
    );
    expect(chunks[0]!.text).toMatch(/^intro/);
    expect(chunks[1]!.text.startsWith('Long section\n\nwidget0')).toBe(true);
    expect(chunks.every((chunk) => chunk.text !== 'Long section')).toBe(true);
  });

  it('fencedText fences each code range for text outputs, longer than any backtick run inside', () => {
    const text = 'Run:\n\nls -l\n\nor with ```:\n\necho ```';
    const fenced = fencedText({
      text,
      code: [
        [6, 11],
        [text.indexOf('echo'), text.length],
      ],
    });
    expect(fenced).toBe('Run:\n\n```\nls -l\n```\n\nor with ```:\n\n````\necho ```\n````');
    expect(fencedText({ text: 'plain' })).toBe('plain');
    expect(fencedText({ text: 'short', code: [[2, 99]] })).toBe('short');
  });
});
