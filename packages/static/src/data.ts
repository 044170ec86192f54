import { McdeweyError, queryTerms, type ChunkRecord, type Library } from '@mcdewey/core';
import { eng as englishStopWords } from 'stopword';
import { TOKEN_SEPARATOR, distinctTerms, termNormalizer } from '@mcdewey/core/ranking';
import { ByteWriter, termShardOf, type ChunkBlock, type DocumentTable, type LexicalInfo } from './format.js';

/** A document's place in the rows, as the exporter lays the site out. */
export interface DocumentRow {
  index: number;
  id: string;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  firstRow: number;
  chunkCount: number;
}

/**
 * The rows of every document, checking what the static engine relies on: a document's chunks are
 * consecutive rows in chunk order (`row = firstRow + n`), documents in index order.
 * @throws McdeweyError `INDEX_CORRUPT` when they are not.
 */
export function documentRows(library: Library): DocumentRow[] {
  let next = 0;
  return library.documents.map((document, index) => {
    const { chunks } = library.getDocument(document.id);
    const firstRow = chunks.length > 0 ? library.rowOf(chunks[0]!.id)! : next;
    chunks.forEach((chunk, n) => {
      if (chunk.n !== n || library.rowOf(chunk.id) !== firstRow + n || firstRow !== next) {
        throw new McdeweyError('INDEX_CORRUPT', `Index ${library.dir}: chunks of ${document.id} are not consecutive rows in order (chunk ${chunk.id}); re-ingest`, {
          details: { id: chunk.id },
        });
      }
    });
    next = firstRow + chunks.length;
    for (const slug of [document.vendor, document.version, document.group, document.doc]) {
      if (!/^[a-z0-9._-]+$/.test(slug) || /^\.+$/.test(slug)) {
        throw new McdeweyError('INVALID_ARGUMENT', `Document ${document.id} has a slug ("${slug}") that cannot be a file name`, { details: { id: document.id } });
      }
    }
    return { index, id: document.id, vendor: document.vendor, version: document.version, group: document.group, doc: document.doc, firstRow, chunkCount: chunks.length };
  });
}

/** `data/docs.json`. */
export function documentTable(library: Library, rows: readonly DocumentRow[], originals: ReadonlySet<string>): DocumentTable {
  const vendors = [...new Set(rows.map((row) => row.vendor))];
  const versions = [...new Set(rows.map((row) => row.version))];
  const groups = [...new Set(rows.map((row) => row.group))];
  return {
    vendors,
    versions,
    groups,
    documents: rows.map((row) => {
      const record = library.documents[row.index]!;
      return [vendors.indexOf(row.vendor), versions.indexOf(row.version), groups.indexOf(row.group), row.doc, row.firstRow, row.chunkCount, record.pageCount ?? 0, originals.has(record.id) ? 1 : 0];
    }),
  };
}

/** `data/dups.bin`: the groups of rows with identical text (same content hash), rows ascending. */
export function duplicateGroups(library: Library): { bytes: Uint8Array; groups: number; rows: number } {
  const byHash = new Map<string, number[]>();
  let row = 0;
  for (const chunk of library.chunkRecords()) {
    const rows = byHash.get(chunk.hash);
    if (rows) rows.push(row);
    else byHash.set(chunk.hash, [row]);
    row++;
  }
  const groups = [...byHash.values()].filter((rows) => rows.length > 1);
  const writer = new ByteWriter();
  writer.varint(groups.length);
  let rows = 0;
  for (const group of groups) {
    writer.varint(group.length);
    let previous = 0;
    for (const row of group) {
      writer.varint(row - previous);
      previous = row;
    }
    rows += group.length;
  }
  return { bytes: writer.finish(), groups: groups.length, rows };
}

/** The chunk block holding rows `[first, first + size)`. */
export function chunkBlock(library: Library, first: number, size: number, documentOfRow: (row: number) => DocumentRow): ChunkBlock {
  const block: ChunkBlock = { first, documents: [], chunks: [] };
  const refs = new Map<string, number>();
  const end = Math.min(library.chunkCount, first + size);
  let row = first;
  for (const chunk of library.chunkRecords(first, end)) {
    const document = documentOfRow(row++);
    const key = `${document.index}\u0000${chunk.title}\u0000${chunk.source}`;
    let ref = refs.get(key);
    if (ref === undefined) {
      ref = block.documents.length;
      refs.set(key, ref);
      block.documents.push([document.index, chunk.title, chunk.source]);
    }
    const entry: [number, number, string[], number, number, string] = [ref, chunk.n, chunk.headings, chunk.page ?? 0, chunk.pageEnd ?? 0, chunk.text];
    if (chunk.code) (block.code ??= {})[block.chunks.length] = chunk.code;
    if (chunk.sourceUrl) (block.sourceUrls ??= {})[block.chunks.length] = chunk.sourceUrl;
    block.chunks.push(chunk.pageLabel === undefined ? entry : [...entry, chunk.pageLabel, chunk.pageLabelEnd ?? '']);
  }
  return block;
}

/** The term shards and the statistics BM25 needs. */
export interface LexicalExport {
  info: LexicalInfo;
  shards: Uint8Array[];
  terms: number;
  postings: number;
}

/** How each lexical field of the manifest is read from a chunk (core's `fieldValues`). */
const FIELD_VALUES: Record<string, (chunk: ChunkRecord) => string> = {
  title: (chunk) => chunk.title,
  headings: (chunk) => chunk.headings.join(' / '),
  text: (chunk) => chunk.text,
};

/**
 * The index's BM25 statistics, computed from its chunks with the browser's own term processing
 * (checked against core's first): per field and term the rows holding it with the term count
 * and the row's field length (distinct raw tokens), the average field lengths and the row count.
 * Terms go to shard `termShardOf(term)`, whose count is chosen so a shard holds about
 * `targetShardBytes`. The BM25 constants and field boosts come from the index's manifest.
 * @throws McdeweyError `INDEX_FORMAT_UNSUPPORTED` when the index's tokenizer, stemmer or fields
 *   are not ones the browser code reproduces.
 */
export function exportLexical(library: Library, targetShardBytes: number): LexicalExport {
  const settings = library.manifest.lexical as unknown as {
    bm25: { k: number; b: number; d?: number };
    boost: Record<string, number>;
    tokenizer: string;
    stemmer: string;
  };
  if (settings.tokenizer !== 'unicode-space-punct-symbol' || !/^porter \(npm stemmer 2\)/.test(settings.stemmer)) {
    throw unsupported(library, `its lexical settings (${settings.tokenizer}, ${settings.stemmer}) are not ones the static search reproduces`);
  }
  const fields = Object.keys(settings.boost);
  const readers = fields.map((field) => {
    const read = FIELD_VALUES[field];
    if (!read) throw unsupported(library, `its lexical field "${field}" is not one the static search knows`);
    return read;
  });
  const stopWords = stopWordsOf();
  checkTermProcessing(library, stopWords);
  const normalize = termNormalizer(stopWords);

  // term -> per field: [row, tf, length] triples, rows ascending (rows are visited in order).
  const postingsByTerm = new Map<string, number[][]>();
  const totals = fields.map(() => 0);
  let row = 0;
  for (const chunk of library.chunkRecords()) {
    readers.forEach((read, field) => {
      const tokens = read(chunk).split(TOKEN_SEPARATOR);
      const length = new Set(tokens).size;
      totals[field]! += length;
      const counts = new Map<string, number>();
      for (const token of tokens) {
        const term = normalize(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const [term, count] of counts) {
        let perField = postingsByTerm.get(term);
        if (!perField) postingsByTerm.set(term, (perField = fields.map(() => [])));
        perField[field]!.push(row, Math.min(count, 0xffff), length);
      }
    });
    row++;
  }

  const records: { term: string; bytes: Uint8Array }[] = [];
  let postings = 0;
  for (const [term, perField] of postingsByTerm) {
    const body = new ByteWriter();
    for (const triples of perField) body.varint(triples.length / 3);
    for (const triples of perField) {
      let previous = 0;
      for (let i = 0; i < triples.length; i += 3) {
        body.varint(triples[i]! - previous);
        body.varint(triples[i + 1]!);
        body.varint(triples[i + 2]!);
        previous = triples[i]!;
      }
      postings += triples.length / 3;
    }
    const record = new ByteWriter();
    record.string(term);
    const bytes = body.finish();
    record.varint(bytes.length);
    record.bytes(bytes);
    records.push({ term, bytes: record.finish() });
  }

  const total = records.reduce((sum, record) => sum + record.bytes.length, 0);
  const shardCount = Math.max(1, Math.ceil(total / targetShardBytes));
  const writers = Array.from({ length: shardCount }, () => new ByteWriter());
  for (const record of records) writers[termShardOf(record.term, shardCount)]!.bytes(record.bytes);

  const rowCount = library.chunkCount;
  const info: LexicalInfo = {
    fields,
    boosts: fields.map((name) => settings.boost[name] ?? 1),
    bm25: { k: settings.bm25.k, b: settings.bm25.b, d: settings.bm25.d ?? 0 },
    documentCount: rowCount,
    averageFieldLength: totals.map((sum) => (rowCount === 0 ? 0 : sum / rowCount)),
    stopWords,
    shards: shardCount,
    tokenizer: settings.tokenizer,
    stemmer: settings.stemmer,
  };
  return { info, shards: writers.map((writer) => writer.finish()), terms: records.length, postings };
}

/** The English stop words core drops: of npm `stopword`'s list, those core's `queryTerms` removes. */
function stopWordsOf(): string[] {
  return (englishStopWords as string[]).filter((word) => queryTerms(word).length === 0).sort();
}

/**
 * Checks that the browser's term processing gives what core's does, on the index's own text
 * (every title and heading, a spread of chunk texts): a mismatch would make the browser rank
 * differently, so the export stops instead.
 * @throws McdeweyError `INDEX_FORMAT_UNSUPPORTED` naming the first text that differs.
 */
function checkTermProcessing(library: Library, stopWords: readonly string[]): void {
  const normalize = termNormalizer(stopWords);
  const samples = new Set<string>();
  for (const document of library.documents) samples.add(document.title);
  const step = Math.max(1, Math.floor(library.chunkCount / 2000));
  for (let row = 0; row < library.chunkCount; row += step) {
    const chunk = library.chunkAt(row);
    samples.add(chunk.headings.join(' / '));
    samples.add(chunk.text);
  }
  for (const text of samples) {
    const expected = queryTerms(text);
    const actual = distinctTerms(text, normalize);
    if (expected.length !== actual.length || expected.some((term, i) => term !== actual[i])) {
      const at = expected.findIndex((term, i) => term !== actual[i]);
      throw unsupported(library, `the browser's term processing differs from core's (core: "${expected[at] ?? ''}", browser: "${actual[at] ?? ''}" in "${text.slice(0, 80)}")`);
    }
  }
}

function unsupported(library: Library, why: string): McdeweyError {
  return new McdeweyError('INDEX_FORMAT_UNSUPPORTED', `Cannot export ${library.dir} as a static site: ${why}`, { details: { dir: library.dir } });
}
