import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { McdeweyError, TOOL_VERSION, rankingSettingsOf, resolveCorpusFile, type Library } from '@mcdewey/core';
import { clientScript } from './client-build.js';
import { chunkBlock, documentRows, documentTable, duplicateGroups, exportLexical, type DocumentRow } from './data.js';
import { SITE_FILES, SITE_FORMAT_VERSION, documentPagePath, originalFilePath, type SemanticInfo, type SiteInfo } from './format.js';
import { exportSemantic, type SemanticExport } from './model.js';
import { browseIndexPage, browseVendorPage, browseVersionPage, notFoundPage } from './pages/browse.js';
import { chunkPage } from './pages/chunk.js';
import { siteFileLoader } from './loader.js';
import { documentPage } from './pages/document.js';
import type { SiteContext } from './pages/layout.js';
import { searchPage } from './pages/search.js';
import { STYLE_CSS } from './style.js';
import { verifyRanking } from './verify.js';
import { SiteWriter } from './writer.js';

/** Defaults of {@link exportSite}. */
export const EXPORT_DEFAULTS = Object.freeze({
  basePath: '/',
  name: 'McDewey',
  /** Chunk records per data block: a result page loads one block per result at most. */
  rowsPerBlock: 16,
  /** Target size of one term shard; the shard count follows from the postings' total size. */
  termShardBytes: 32 * 1024,
});

/** A step of the export, for progress display. */
export type ExportPhase = 'terms' | 'chunks' | 'originals' | 'model' | 'verify' | 'documents' | 'commit';

/** Progress of one phase: `done` of `total` units. */
export interface ExportProgress {
  phase: ExportPhase;
  done: number;
  total: number;
}

/** Options of {@link exportSite}. */
export interface ExportSiteOptions {
  /**
   * Folder to write the site to. It is written next to it first and swapped in at the end; an
   * existing folder is replaced only if it holds a previous export (or is empty).
   */
  outDir: string;
  /**
   * URL path the site is served under, with leading and trailing `/`. Pages link relatively, so
   * the site works under any path; this one is used by `404.html` (served at any URL) and
   * recorded in `data/site.json`. Default `/`.
   */
  basePath?: string;
  /**
   * The corpus folder the index was ingested from. When given, each document's original file
   * (PDFs above all) is copied to `files/<source>` and chunk cards link to it at the chunk's
   * page. Default none (no originals in the site).
   */
  corpusDir?: string;
  /**
   * A model folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model*.onnx`)
   * holding the model the index was embedded with. It is copied into the site with
   * transformers.js and onnxruntime-web, and the index's vectors are written as int8 shards, so
   * the browser embeds queries and ranks semantically and hybrid. Default none: a lexical site.
   */
  withModel?: string;
  /**
   * Text put before each query before embedding (the model's query instruction). Default: core's
   * known-model table entry for the index's model, else the folder's `config_sentence_transformers.json`
   * query prompt, else none.
   */
  queryPrefix?: string;
  /**
   * How the vectors are shipped with `withModel`: `int8` (one byte per dimension plus four per
   * row; cosines within about 0.01 of float32) or `float32` (four bytes per dimension, exact).
   * Default `int8`.
   */
  vectorPrecision?: 'int8' | 'float32';
  /** Site name in headers and titles. Default `McDewey`. */
  name?: string;
  /** Chunk records per `data/chunks/<i>.json`. Default 16. */
  rowsPerBlock?: number;
  /** Target bytes per term shard (`data/terms/<i>.bin`). Default 32 KiB. */
  termShardBytes?: number;
  /** Called as the export advances. */
  onProgress?: (progress: ExportProgress) => void;
}

/** What an export wrote. */
export interface ExportReport {
  outDir: string;
  basePath: string;
  /** Files and bytes of the whole site. */
  files: number;
  bytes: number;
  seconds: number;
  documents: number;
  chunks: number;
  lexical: { terms: number; postings: number; shards: number; shardBytes: { total: number; largest: number; median: number }; spellingBytes: number };
  blocks: { count: number; rowsPerBlock: number; bytes: number };
  duplicates: { groups: number; rows: number };
  pages: { documents: number; browse: number };
  /** Original files copied from `corpusDir`. */
  originals: number;
  /** Bytes every first search loads before its own terms: `site.json`, `docs.json`, `dups.bin`, the script and the stylesheet. */
  startupBytes: number;
  /** Sample queries whose results the export checked are the same on the site as in core's lexical search. */
  verifiedQueries: number;
  /** The semantic part, or null for a lexical site. */
  semantic: { model: string; queryPrefix: string; modelBytes: number; runtimeBytes: number; vectorBytes: number; shards: number } | null;
}

/**
 * Exports an index as a static site: the search page with client-side search (the same BM25,
 * filters, diversity and snippets as core, over term shards loaded on demand), one page per
 * document with an anchor per chunk, a chunk card page, vendor/version browse pages and, with
 * `withModel`, semantic and hybrid search in the browser. Every link is relative and every page
 * carries a Content-Security-Policy that allows requests to the site itself only.
 *
 * @throws McdeweyError `INVALID_ARGUMENT` for bad options or an `outDir` holding something else;
 *   `INDEX_FORMAT_UNSUPPORTED` when the index's lexical settings are not ones the browser can
 *   reproduce; model errors from `withModel` (see the option).
 */
export async function exportSite(library: Library, options: ExportSiteOptions): Promise<ExportReport> {
  const started = performance.now();
  const basePath = validateBasePath(options.basePath ?? EXPORT_DEFAULTS.basePath);
  const rowsPerBlock = validateInteger('rowsPerBlock', options.rowsPerBlock ?? EXPORT_DEFAULTS.rowsPerBlock, 1, 10_000);
  const termShardBytes = validateInteger('termShardBytes', options.termShardBytes ?? EXPORT_DEFAULTS.termShardBytes, 256, 1 << 30);
  if (typeof options.outDir !== 'string' || options.outDir === '') throw invalid('outDir', 'outDir must be a folder path');
  const corpusDir = options.corpusDir === undefined ? undefined : resolve(options.corpusDir);
  if (corpusDir !== undefined && !(existsSync(corpusDir) && statSync(corpusDir).isDirectory())) throw invalid('corpusDir', `corpus folder not found: ${corpusDir}`);
  const progress = options.onProgress ?? (() => {});

  const rows = documentRows(library);
  const writer = await SiteWriter.open(options.outDir);
  try {
    // Lexical data: term shards, duplicate groups.
    const lexical = exportLexical(library, termShardBytes);
    const shardSizes: number[] = [];
    for (const [i, shard] of lexical.shards.entries()) {
      progress({ phase: 'terms', done: i, total: lexical.shards.length });
      shardSizes.push(await writer.write(SITE_FILES.termShard(i), shard));
    }
    progress({ phase: 'terms', done: lexical.shards.length, total: lexical.shards.length });
    const duplicates = duplicateGroups(library);
    const spellingBytes = await writer.write(SITE_FILES.spelling, JSON.stringify(library.correctionList()));
    let startupBytes = await writer.write(SITE_FILES.duplicates, duplicates.bytes);

    // Originals, the document table, chunk blocks.
    const originals = corpusDir ? await copyOriginals(library, corpusDir, writer, progress) : new Set<string>();
    startupBytes += await writer.write(SITE_FILES.documents, JSON.stringify(documentTable(library, rows, originals)));
    const documentOfRow = rowLookup(rows);
    const blockCount = Math.ceil(library.chunkCount / rowsPerBlock);
    let blockBytes = 0;
    for (let block = 0; block < blockCount; block++) {
      if (block % 200 === 0) progress({ phase: 'chunks', done: block, total: blockCount });
      blockBytes += await writer.write(SITE_FILES.chunkBlock(block), JSON.stringify(chunkBlock(library, block * rowsPerBlock, rowsPerBlock, documentOfRow)));
    }
    progress({ phase: 'chunks', done: blockCount, total: blockCount });

    // The model, runtime and vectors.
    let semantic: SemanticExport | undefined;
    if (options.withModel !== undefined) {
      semantic = await exportSemantic(library, rows, options.withModel, writer, {
        queryPrefix: options.queryPrefix,
        precision: validatePrecision(options.vectorPrecision ?? 'int8'),
        onFile: (done, total) => progress({ phase: 'model', done, total }),
      });
    }

    const manifest = library.manifest;
    const info: SiteInfo = {
      format: SITE_FORMAT_VERSION,
      tool: { name: 'mcdewey', version: TOOL_VERSION },
      index: { formatVersion: manifest.formatVersion, ...manifest.counts },
      basePath,
      ranking: rankingSettingsOf(library),
      lexical: lexical.info,
      rowsPerBlock,
      semantic: semantic?.info ?? null,
    };
    startupBytes += await writer.write(SITE_FILES.site, JSON.stringify(info));
    progress({ phase: 'verify', done: 0, total: 1 });
    const verifiedQueries = await verifyRanking(library, siteFileLoader(writer.staging));
    progress({ phase: 'verify', done: 1, total: 1 });

    // Pages and assets.
    const script = await clientScript();
    const assetVersion = createHash('sha256').update(script).update(STYLE_CSS).digest('hex').slice(0, 10);
    startupBytes += await writer.write('assets/app.js', script);
    startupBytes += await writer.write('assets/style.css', STYLE_CSS);
    const site: SiteContext = {
      name: options.name ?? EXPORT_DEFAULTS.name,
      basePath,
      model: semantic ? semantic.info.fingerprint.modelId : undefined,
      stats: { vendors: manifest.counts.vendors, documents: manifest.counts.documents, chunks: manifest.counts.chunks },
      toolVersion: TOOL_VERSION,
      assetVersion,
    };
    const pageCounts = await writePages(library, site, originals, writer, progress);

    await writer.write(
      SITE_FILES.marker,
      `${JSON.stringify({ generator: 'mcdewey export', tool: TOOL_VERSION, format: SITE_FORMAT_VERSION, index: info.index, semantic: semantic !== undefined }, null, 2)}\n`,
    );
    progress({ phase: 'commit', done: 0, total: 1 });
    await writer.commit();
    progress({ phase: 'commit', done: 1, total: 1 });

    const sorted = [...shardSizes].sort((a, b) => a - b);
    return {
      outDir: writer.target,
      basePath,
      files: writer.files,
      bytes: writer.bytes,
      seconds: (performance.now() - started) / 1000,
      documents: library.documents.length,
      chunks: library.chunkCount,
      lexical: {
        terms: lexical.terms,
        postings: lexical.postings,
        shards: lexical.shards.length,
        shardBytes: { total: shardSizes.reduce((a, b) => a + b, 0), largest: sorted.at(-1) ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0 },
        spellingBytes,
      },
      blocks: { count: blockCount, rowsPerBlock, bytes: blockBytes },
      duplicates: { groups: duplicates.groups, rows: duplicates.rows },
      pages: pageCounts,
      originals: originals.size,
      startupBytes,
      verifiedQueries,
      semantic: semantic ? semanticSummary(semantic.info, semantic) : null,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function semanticSummary(info: SemanticInfo, exported: SemanticExport): NonNullable<ExportReport['semantic']> {
  return {
    model: info.fingerprint.modelId,
    queryPrefix: info.queryPrefix,
    modelBytes: exported.modelBytes,
    runtimeBytes: exported.runtimeBytes,
    vectorBytes: exported.vectorBytes,
    shards: info.shards.length,
  };
}

async function writePages(
  library: Library,
  site: SiteContext,
  originals: ReadonlySet<string>,
  writer: SiteWriter,
  progress: (progress: ExportProgress) => void,
): Promise<{ documents: number; browse: number }> {
  const vendors = library.listVendors();
  const groups = new Map<string, Set<string>>();
  for (const document of library.documents) groups.set(document.group, (groups.get(document.group) ?? new Set()).add(document.vendor));
  await writer.write('index.html', searchPage(site, { vendors, groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, set]) => ({ group, vendors: [...set].sort() })) }));
  await writer.write('chunk.html', chunkPage(site));
  await writer.write('404.html', notFoundPage(site));

  let browse = 1;
  await writer.write('browse/index.html', browseIndexPage(site, vendors));
  for (const vendor of vendors) {
    await writer.write(`browse/${vendor.vendor}/index.html`, browseVendorPage(site, vendor));
    browse++;
    for (const { version } of vendor.versions) {
      const documents = library.documents.filter((document) => document.vendor === vendor.vendor && document.version === version);
      await writer.write(`browse/${vendor.vendor}/${version}/index.html`, browseVersionPage(site, vendor.vendor, version, documents));
      browse++;
    }
  }

  const total = library.documents.length;
  for (const [i, record] of library.documents.entries()) {
    if (i % 50 === 0) progress({ phase: 'documents', done: i, total });
    const { chunks } = library.getDocument(record.id);
    await writer.write(documentPagePath(record), documentPage(site, record, chunks, originals.has(record.id)));
  }
  progress({ phase: 'documents', done: total, total });
  return { documents: total, browse };
}

/**
 * Copies each document's source file whose size still matches the index; returns the ids copied.
 * Only files that core's `resolveCorpusFile` finds inside the corpus are copied (a symlink out of
 * it, a missing file or anything but a regular file is left out).
 */
async function copyOriginals(library: Library, corpusDir: string, writer: SiteWriter, progress: (progress: ExportProgress) => void): Promise<Set<string>> {
  const copied = new Set<string>();
  const total = library.documents.length;
  for (const [i, document] of library.documents.entries()) {
    if (i % 50 === 0) progress({ phase: 'originals', done: i, total });
    if (!document.source.split('/').every((part) => /^[A-Za-z0-9._-]+$/.test(part))) continue;
    let path: string;
    try {
      path = resolveCorpusFile(corpusDir, document.source);
    } catch {
      continue;
    }
    if (statSync(path).size !== document.bytes) continue;
    await writer.copy(path, originalFilePath(document.source));
    copied.add(document.id);
  }
  progress({ phase: 'originals', done: total, total });
  return copied;
}

function rowLookup(rows: readonly DocumentRow[]): (row: number) => DocumentRow {
  const owner: DocumentRow[] = [];
  for (const document of rows) for (let n = 0; n < document.chunkCount; n++) owner[document.firstRow + n] = document;
  return (row) => owner[row]!;
}

function validateBasePath(basePath: unknown): string {
  if (typeof basePath !== 'string' || !/^\/([A-Za-z0-9._~-]+\/)*$/.test(basePath) || basePath.split('/').some((part) => part === '.' || part === '..')) {
    throw invalid('basePath', `basePath must be a URL path that starts and ends with "/" (like /docs/), got ${JSON.stringify(basePath)}`);
  }
  return basePath;
}

function validatePrecision(value: unknown): 'int8' | 'float32' {
  if (value !== 'int8' && value !== 'float32') throw invalid('vectorPrecision', `vectorPrecision must be int8 or float32, got ${String(value)}`);
  return value;
}

function validateInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(name, `${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  return value;
}

function invalid(parameter: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', message, { details: { parameter } });
}
