import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/chunker.js';
import { estimateTokens } from '../../src/chunk/tokens.js';
import type { Block, ExtractedDocument } from '../../src/types.js';

const source = { vendor: 'acme', version: 'v1', group: 'guide', doc: 'intro', source: 'acme/v1/guide/intro.md' };
const doc = (blocks: Block[], title = 'Intro'): ExtractedDocument => ({ format: 'markdown', title, blocks, metadata: {} });

describe('chunkDocument', () => {
  it('starts a chunk at each section and keeps the heading path', () => {
    const { chunks } = chunkDocument(
      doc([
        { kind: 'heading', level: 1, text: 'Guide' },
        { kind: 'paragraph', text: 'Welcome to the guide.' },
        { kind: 'heading', level: 2, text: 'Install' },
        { kind: 'paragraph', text: 'Run the installer.' },
        { kind: 'heading', level: 3, text: 'On Linux' },
        { kind: 'paragraph', text: 'Use the package.' },
        { kind: 'heading', level: 2, text: 'Upgrade' },
        { kind: 'paragraph', text: 'Stop, then upgrade.' },
      ]),
      source,
    );
    expect(chunks.map((chunk) => chunk.headings)).toEqual([['Guide'], ['Guide', 'Install'], ['Guide', 'Install', 'On Linux'], ['Guide', 'Upgrade']]);
    expect(chunks.map((chunk) => chunk.id)).toEqual([0, 1, 2, 3].map((n) => `acme::v1::guide::intro::${n}`));
    expect(chunks[1]!.text).toBe('Install\n\nRun the installer.');
  });

  it("gives each chunk exact offsets into the document's text", () => {
    const { text, chunks } = chunkDocument(
      doc([
        { kind: 'heading', level: 1, text: 'A' },
        { kind: 'paragraph', text: 'one two' },
        { kind: 'heading', level: 1, text: 'B' },
        { kind: 'paragraph', text: 'three' },
      ]),
      source,
    );
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
  });

  it('keeps pages: a chunk spans from its first to its last page', () => {
    const { chunks } = chunkDocument(
      {
        format: 'pdf',
        title: 'Manual',
        metadata: {},
        pageCount: 3,
        blocks: [
          { kind: 'paragraph', text: 'first page text', page: 1 },
          { kind: 'paragraph', text: 'second page text', page: 2 },
          { kind: 'heading', level: 1, text: 'Chapter', page: 3 },
          { kind: 'paragraph', text: 'third', page: 3 },
        ],
      },
      source,
    );
    expect(chunks.map((chunk) => [chunk.page, chunk.pageEnd])).toEqual([
      [1, 2],
      [3, 3],
    ]);
  });

  it('bounds chunks in tokens and splits a long code block on line boundaries', () => {
    const code = Array.from({ length: 200 }, (_, i) => `line_${i} = configure(option_${i}, value)`).join('\n');
    const { chunks } = chunkDocument(doc([{ kind: 'code', text: code }]), source, { maxTokens: 64 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(64);
      expect(code).toContain(chunk.text);
      expect(chunk.text.startsWith('line_')).toBe(true);
    }
  });

  it('never loses text: chunks cover every non-space character in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('heading', 'paragraph', 'code', 'table', 'list'),
            level: fc.integer({ min: 1, max: 4 }),
            text: fc.stringMatching(/^[a-z0-9 .,\n]{0,400}$/),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 8, max: 300 }),
        (blocks, maxTokens) => {
          const extracted = doc(blocks.map((block) => ({ ...block, kind: block.kind as Block['kind'] })));
          const { text, chunks } = chunkDocument(extracted, source, { maxTokens });
          const covered = chunks
            .map((chunk) => chunk.text)
            .join('')
            .replace(/\s+/g, '');
          expect(covered).toBe(text.replace(/\s+/g, ''));
          chunks.forEach((chunk, n) => {
            expect(chunk.n).toBe(n);
            expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
            expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(maxTokens);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('starts a block too long for one chunk in a chunk of its own, unless what is above it is at most half a chunk', () => {
    const sentences = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word} sentence number ${i} ends here.`).join(' ');
    const longBlock = { kind: 'paragraph' as const, text: sentences(40, 'Abstract') };
    // A title line before a long abstract (a Cranfield or CISI document read as text) opens its chunk.
    const titled = chunkDocument(doc([{ kind: 'paragraph', text: 'Flow past a cylinder' }, longBlock]), source, { maxTokens: 64 });
    expect(titled.chunks[0]!.text).toMatch(/^Flow past a cylinder\n\nAbstract sentence number 0/);
    for (const chunk of titled.chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(64);
    // More than half a chunk above it: the long block starts its own chunk, at its first sentence.
    const led = chunkDocument(doc([{ kind: 'paragraph', text: sentences(5, 'Lead') }, longBlock]), source, { maxTokens: 64 });
    expect(led.chunks[0]!.text).toBe(sentences(5, 'Lead'));
    expect(led.chunks[1]!.text).toMatch(/^Abstract sentence number 0/);
  });

  it('does not share a lead from the PDF page before: a chunk cites the pages its text is on', () => {
    const longBlock = { kind: 'paragraph' as const, text: Array.from({ length: 40 }, (_, i) => `Body sentence number ${i} ends here.`).join(' '), page: 2 };
    const { chunks } = chunkDocument(doc([{ kind: 'paragraph', text: 'Title page', page: 1 }, longBlock]), source, { maxTokens: 64 });
    expect(chunks[0]).toMatchObject({ text: 'Title page', page: 1, pageEnd: 1 });
    expect(chunks[1]).toMatchObject({ page: 2, pageEnd: 2 });
  });

  it('keeps an unbroken run of symbols within the bound (a found counterexample)', () => {
    const extracted = doc([
      { kind: 'heading', level: 1, text: 'a,0,..a0.' },
      { kind: 'paragraph', text: 'x'.repeat(40) + ',;'.repeat(20) },
    ]);
    const { text, chunks } = chunkDocument(extracted, source, { maxTokens: 8 });
    expect(
      chunks
        .map((chunk) => chunk.text)
        .join('')
        .replace(/\s+/g, ''),
    ).toBe(text.replace(/\s+/g, ''));
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(8);
  });

  it('is deterministic: the same document gives byte-identical records', () => {
    const blocks: Block[] = [
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'Some words here.' },
    ];
    expect(JSON.stringify(chunkDocument(doc(blocks), source))).toBe(JSON.stringify(chunkDocument(doc(blocks), source)));
  });
});
