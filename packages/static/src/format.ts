/**
 * The static site's data format, shared by the exporter (Node) and the client (browser): file
 * names, the term-to-shard hash and the varint byte codec. Nothing here touches Node or the DOM.
 */

import type { RankingSettings } from '@mcdewey/core/ranking';

/** Version of the files under `data/`; the client refuses a site written in another version. */
export const SITE_FORMAT_VERSION = 2;

/** Paths of the data files, relative to the site root. */
export const SITE_FILES = {
  /** Settings, statistics, filter values: {@link SiteInfo}. */
  site: 'data/site.json',
  /** The document table: {@link DocumentTable}. */
  documents: 'data/docs.json',
  /** Rows whose text is identical to another row's (collapsed in results). */
  duplicates: 'data/dups.bin',
  /** Postings of the terms that hash to shard `i`. */
  termShard: (shard: number) => `data/terms/${shard}.bin`,
  /** The words spelling corrections may lead to, with their frequencies (core's `CorrectionList`), loaded for a query with a word to correct. */
  spelling: 'data/spelling.json',
  /** Chunk records of rows `[i × rowsPerBlock, (i + 1) × rowsPerBlock)`. */
  chunkBlock: (block: number) => `data/chunks/${block}.json`,
  /** int8 vectors of one vendor/version. */
  vectors: (vendor: string, version: string) => `data/vectors/${vendor}/${version}.bin`,
  /** Marker that tells the exporter a folder holds a site it may replace. */
  marker: 'mcdewey-site.json',
} as const;

/** `data/site.json`: what the client needs before its first query. */
export interface SiteInfo {
  format: number;
  tool: { name: string; version: string };
  /** Index format version and counts of the index the site was made from. */
  index: { formatVersion: number; documents: number; chunks: number; vendors: number; versions: number; pages: number };
  /** The base path the site was exported for (`/` or `/docs/`). Pages link relatively. */
  basePath: string;
  lexical: LexicalInfo;
  /** Chunk records per `data/chunks/<i>.json` file. */
  rowsPerBlock: number;
  /** Present when the site embeds queries in the browser. */
  semantic: SemanticInfo | null;
  /** The index's ranking settings (core's `rankingSettingsOf`): leg weights, rrf k, steering, match floor. */
  ranking: RankingSettings;
}

/** Everything BM25 needs besides the postings, copied from the index's own lexical data. */
export interface LexicalInfo {
  /** Field names in the order the index scores them (minisearch field ids). */
  fields: string[];
  /** Boost per field (same order as `fields`). */
  boosts: number[];
  bm25: { k: number; b: number; d: number };
  /** Number of indexed rows (BM25's N). */
  documentCount: number;
  /** Average field length per field, exactly as the index stores it. */
  averageFieldLength: number[];
  /** Stop words the index drops (lower case). */
  stopWords: string[];
  /** Number of term shards; a term lives in shard `termShardOf(term, shards)`. */
  shards: number;
  /** Tokenizer / stemmer names from the index manifest, for display and checks. */
  tokenizer: string;
  stemmer: string;
}

/** The semantic part of `site.json`. */
export interface SemanticInfo {
  /** Folder of the model inside the site (`model/<name>/`), loaded as model id `<name>`. */
  modelPath: string;
  modelName: string;
  /** The index's embedder fingerprint. */
  fingerprint: { modelId: string; dimensions: number; pooling: 'mean' | 'cls'; normalized: boolean; dtype: string };
  /** Prepended to queries before embedding. */
  queryPrefix: string;
  /** ONNX weights suffix transformers.js should load (`fp32` → `model.onnx`, `q8` → `model_quantized.onnx`). */
  dtype: string;
  /** transformers.js browser build, relative to the site root. */
  runtime: string;
  /** onnxruntime-web's WebAssembly module and its loader, relative to the site root. */
  wasm: { mjs: string; binary: string };
  /** How vector values are stored: `int8` (one byte per dimension, the default) or `float32`. */
  precision: 'int8' | 'float32';
  /** Vector shards: one per vendor/version, rows `[firstRow, firstRow + rows)` of that shard's documents. */
  shards: { vendor: string; version: string; path: string; rows: number[][]; count: number; bytes: number }[];
}

/** `data/docs.json`: one entry per document, in index (row) order. */
export interface DocumentTable {
  vendors: string[];
  versions: string[];
  groups: string[];
  /**
   * `[vendorIndex, versionIndex, groupIndex, docSlug, firstRow, chunkCount, pageCount, original]`:
   * `pageCount` 0 for non-paged formats, `original` 1 when the source file is in `files/`.
   */
  documents: [number, number, number, string, number, number, number, number][];
}

/** One `data/chunks/<i>.json` block. */
export interface ChunkBlock {
  /** Row of the first chunk in the block. */
  first: number;
  /** `[documentIndex, title, source]`, referenced by the chunks below. */
  documents: [number, string, string][];
  /**
   * `[blockDocumentRef, n, headings, page, pageEnd, text]`; page fields are 0 when absent. A PDF
   * chunk with printed page labels adds `pageLabel, pageLabelEnd` (`pageLabelEnd` "" when the
   * chunk is on one page; sites written before read without them).
   */
  chunks: ([number, number, string[], number, number, string] | [number, number, string[], number, number, string, string, string])[];
  /** The `code` offsets of the chunks that hold code, by their index in `chunks` (absent in sites written before). */
  code?: Record<string, [number, number][]>;
  /** The `sourceUrl` of the chunks of fetched documents ("View on vendor site"), by their index in `chunks` (absent in sites written before). */
  sourceUrls?: Record<string, string>;
}

/**
 * FNV-1a over the UTF-16 code units of `term`, reduced to `shards`. The exporter and the
 * client both call this one function, so a term is always looked for where it was written.
 */
export function termShardOf(term: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The site-relative path of a document's page. Slugs are `[a-z0-9._-]`, safe in URLs and paths. */
export function documentPagePath(key: { vendor: string; version: string; group: string; doc: string }): string {
  return `doc/${key.vendor}/${key.version}/${key.group}/${key.doc}.html`;
}

/** Appends unsigned LEB128 varints and raw bytes to a growing buffer. */
export class ByteWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;

  get size(): number {
    return this.length;
  }

  varint(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) throw new RangeError(`varint out of range: ${value}`);
    this.reserve(8);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** A varint length followed by the UTF-8 bytes. */
  string(text: string): void {
    const data = textEncoder.encode(text);
    this.varint(data.length);
    this.bytes(data);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Reads what {@link ByteWriter} wrote. */
export class ByteReader {
  offset = 0;
  constructor(readonly data: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.data.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.data.length) throw new RangeError('truncated varint');
      const byte = this.data[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  string(): string {
    const length = this.varint();
    const text = textDecoder.decode(this.data.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** File names a static host serves as live markup (scripts would run on the site's origin). */
const MARKUP_NAME = /\.(html?|xhtml|shtml|svg|xml)$/i;

/**
 * The site-relative path of a document's original file (copied when the export is given the
 * corpus). A static host picks the content type from the file name, so an HTML original is
 * written as `<name>.html.txt` and shown as text, never run; PDFs, Markdown and text keep their name.
 */
export function originalFilePath(source: string): string {
  return MARKUP_NAME.test(source) ? `files/${source}.txt` : `files/${source}`;
}

/** What a PDF's page says when the site holds no copy of its original (exported without `--corpus`, or the file was missing). */
export const ORIGINALS_NOT_EXPORTED = 'this site was exported without the original file';
