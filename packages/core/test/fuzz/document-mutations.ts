import fc from 'fast-check';
import { manyPagesPdf } from '../fixtures/bad-files.js';

/**
 * Real-ish documents of every format and generated ways to spoil them: flipped bytes, truncation,
 * deep nesting, YAML alias bombs, huge lines, invalid UTF-8, NUL bytes, random bytes.
 */

const encoder = new TextEncoder();

/** The documents each fuzz case starts from, by file extension. */
export const BASE_DOCUMENTS: Readonly<Record<'md' | 'html' | 'txt' | 'pdf', () => Uint8Array>> = {
  md: () =>
    encoder.encode(
      [
        '---',
        'title: Widget Guide',
        'weight: 3',
        'tags: [install, backup]',
        'cascade:',
        '  product: &product widgets',
        'linkTitle: *product',
        '---',
        '# Installing',
        '',
        'Run `acme install` to install the widget daemon. {{< note >}}Shortcode text{{< /note >}}',
        '',
        '## Steps',
        '',
        '1. Download the package.',
        '   - Check its checksum.',
        '     > Quoted advice about *checksums* and [links](https://example.com).',
        '2. Start the daemon.',
        '',
        '```sh',
        'acme install --verbose',
        '```',
        '',
        '| Option | Meaning |',
        '| --- | --- |',
        '| `-v` | verbose |',
        '',
        '<div class="warning"><p>Inline <b>HTML</b> block.</p></div>',
        '',
      ].join('\n'),
    ),
  html: () =>
    encoder.encode(
      '<!doctype html><html><head><title>Tuning Globex</title><meta name="description" content="Cache tuning"><script>alert(1)</script><style>p{}</style></head>' +
        '<body><nav>Home | Next</nav><main><h1>Tuning</h1><p>Increase the <a href="#cache">cache size</a> for faster reads.</p>' +
        '<h2 id="cache">Cache</h2><ul><li>One<ul><li>Nested item</li></ul></li><li>Two</li></ul>' +
        '<table><tr><th>Key</th><th>Value</th></tr><tr><td>cache_size</td><td>512MB</td></tr></table>' +
        '<pre><code>cache_size = 512MB\nworkers = 4</code></pre><h3>Notes</h3><p>Caf&eacute; &amp; more &#x263A;.</p></main><footer>© Globex</footer></body></html>',
    ),
  txt: () => encoder.encode('Release notes\n\nThe snapshot format changed in 9.0.\n\nUpgrade the widget daemon before restoring old snapshots.\n'),
  pdf: () => manyPagesPdf(2),
};

/** Something inserted into a document, described so that a failure can be read. */
export type Payload =
  | { kind: 'nesting'; unit: string; close: string; depth: number }
  | { kind: 'deep-list'; depth: number }
  | { kind: 'huge-line'; unit: string; length: number }
  | { kind: 'invalid-utf8'; sequence: readonly number[]; times: number }
  | { kind: 'nul'; times: number }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'text'; text: string };

/** One change to a document's bytes; positions are taken modulo its size. */
export type DocumentEdit =
  | { op: 'flip'; at: number[]; xor: number[] }
  | { op: 'truncate'; keep: number }
  | { op: 'insert'; at: number; payload: Payload }
  /** Replaces the start of the document with YAML front matter (hostile or huge). */
  | { op: 'front-matter'; yaml: FrontMatter };

/** Front matter a fuzz case may put first. */
export type FrontMatter =
  | { kind: 'alias-bomb'; width: number; depth: number }
  | { kind: 'alias-cycle' }
  | { kind: 'nested'; open: string; close: string; depth: number }
  | { kind: 'large'; bytes: number }
  | { kind: 'unclosed' };

/** A document to ingest: which base document, and the edits made to it in order. */
export interface DocumentCase {
  base: keyof typeof BASE_DOCUMENTS;
  edits: DocumentEdit[];
}

const NESTING_UNITS: readonly [string, string][] = [
  ['<div>', '</div>'],
  ['<ul><li>', '</li></ul>'],
  ['<table><tr><td>', '</td></tr></table>'],
  ['<blockquote>', '</blockquote>'],
  ['> ', ''],
  ['[', ']'],
  ['*', '*'],
  ['{{< note >}}', '{{< /note >}}'],
  ['<!--', '-->'],
  ['```', ''],
  ['<<', '>>'],
  ['(', ')'],
];

const depth = fc.oneof(fc.constantFrom(199, 200, 201, 1_000, 5_000, 30_000), fc.integer({ min: 1, max: 30_000 }));

const payload: fc.Arbitrary<Payload> = fc.oneof(
  fc
    .record({ kind: fc.constant('nesting' as const), unit: fc.constantFrom(...NESTING_UNITS), depth })
    .map(({ unit: [open, close], depth: n }) => ({ kind: 'nesting' as const, unit: open, close, depth: n })),
  fc.record({ kind: fc.constant('deep-list' as const), depth: fc.integer({ min: 1, max: 2_000 }) }),
  fc.record({ kind: fc.constant('huge-line' as const), unit: fc.constantFrom('a', 'word ', '🙂', '\t', '-', '#'), length: fc.integer({ min: 1_000, max: 2_000_000 }) }),
  fc.record({
    kind: fc.constant('invalid-utf8' as const),
    sequence: fc.constantFrom([0xff], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0xbc], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]),
    times: fc.integer({ min: 1, max: 2_000 }),
  }),
  fc.record({ kind: fc.constant('nul' as const), times: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 2_048 }) }),
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'binary', maxLength: 200 }) }),
);

const frontMatter: fc.Arbitrary<FrontMatter> = fc.oneof(
  fc.record({ kind: fc.constant('alias-bomb' as const), width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 2, max: 12 }) }),
  fc.constant({ kind: 'alias-cycle' as const }),
  fc
    .record({ kind: fc.constant('nested' as const), unit: fc.constantFrom<[string, string]>(['[', ']'], ['{a: ', '}'], ['- ', '']), depth })
    .map(({ unit: [open, close], depth: n }) => ({ kind: 'nested' as const, open, close, depth: n })),
  fc.record({ kind: fc.constant('large' as const), bytes: fc.integer({ min: 1_000, max: 200_000 }) }),
  fc.constant({ kind: 'unclosed' as const }),
);

const edit: fc.Arbitrary<DocumentEdit> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('flip' as const),
      at: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
      xor: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 16 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), keep: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), payload }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('front-matter' as const), yaml: frontMatter }) },
);

/** A base document and one to three edits. */
export const documentCase: fc.Arbitrary<DocumentCase> = fc.record({
  base: fc.constantFrom<DocumentCase['base']>('md', 'html', 'txt', 'pdf'),
  edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
});

/** The bytes of a fuzz case's document. */
export function documentBytes(fuzzCase: DocumentCase): Uint8Array {
  return fuzzCase.edits.reduce((bytes, change) => applyEdit(bytes, change), BASE_DOCUMENTS[fuzzCase.base]());
}

/** A fuzz case as short readable JSON (byte arrays by length and head). */
export function describeCase(fuzzCase: DocumentCase): string {
  return JSON.stringify(fuzzCase, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes: ${Buffer.from(value.subarray(0, 16)).toString('hex')}…>` : value));
}

function applyEdit(bytes: Uint8Array, change: DocumentEdit): Uint8Array {
  switch (change.op) {
    case 'flip': {
      const out = Uint8Array.from(bytes);
      if (out.length > 0) change.at.forEach((at, i) => (out[at % out.length] = out[at % out.length]! ^ change.xor[i % change.xor.length]!));
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, bytes.length === 0 ? 0 : change.keep % bytes.length);
    case 'insert': {
      const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), payloadBytes(change.payload), bytes.subarray(at)]);
    }
    case 'front-matter': {
      // Replace an existing front matter block, else put one first.
      const text = Buffer.from(bytes).toString('latin1');
      const existing = /^---\n[\s\S]*?\n---\n/.exec(text);
      return Buffer.concat([encoder.encode(`---\n${frontMatterText(change.yaml)}\n---\n`), bytes.subarray(existing ? existing[0].length : 0)]);
    }
  }
}

function payloadBytes(inserted: Payload): Uint8Array {
  switch (inserted.kind) {
    case 'nesting':
      return encoder.encode(`${inserted.unit.repeat(inserted.depth)}deep text${inserted.close.repeat(inserted.depth)}\n`);
    case 'deep-list':
      return encoder.encode(Array.from({ length: inserted.depth }, (_, level) => `${'  '.repeat(level)}- item ${level}\n`).join(''));
    case 'huge-line':
      return encoder.encode(inserted.unit.repeat(Math.ceil(inserted.length / inserted.unit.length)));
    case 'invalid-utf8':
      return Uint8Array.from({ length: inserted.sequence.length * inserted.times }, (_, i) => inserted.sequence[i % inserted.sequence.length]!);
    case 'nul':
      return new Uint8Array(inserted.times);
    case 'random':
      return inserted.bytes;
    case 'text':
      return encoder.encode(inserted.text);
  }
}

function frontMatterText(yaml: FrontMatter): string {
  switch (yaml.kind) {
    case 'alias-bomb': {
      const lines = [`a0: &a0 [${Array(yaml.width).fill('"lol"').join(',')}]`];
      for (let level = 1; level < yaml.depth; level++)
        lines.push(
          `a${level}: &a${level} [${Array(yaml.width)
            .fill(`*a${level - 1}`)
            .join(',')}]`,
        );
      return lines.join('\n');
    }
    case 'alias-cycle':
      return 'title: Loop\nloop: &loop [*loop]';
    case 'nested':
      return `title: Nested\nvalue: ${yaml.open.repeat(yaml.depth)}x${yaml.close.repeat(yaml.depth)}`;
    case 'large':
      return `title: Large\nnotes: "${'n'.repeat(yaml.bytes)}"`;
    case 'unclosed':
      return 'title: "unclosed\ntags: [a, b';
  }
}
