import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { McdeweyError, type Library } from '@mcdewey/core';
import { describeFingerprint, findKnownModel } from '@mcdewey/core/models';
import type { DocumentRow } from './data.js';
import { SITE_FILES, type SemanticInfo } from './format.js';
import type { SiteWriter } from './writer.js';

/** ONNX file suffix per dtype, as transformers.js names the weights. */
const DTYPE_FILE_SUFFIX: Readonly<Record<string, string>> = { fp32: '', q8: '_quantized', fp16: '_fp16', int8: '_int8', uint8: '_uint8', q4: '_q4' };
const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
/** onnxruntime-web's WebAssembly build that transformers.js 4's browser bundle runs. */
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/** What {@link exportSemantic} wrote. */
export interface SemanticExport {
  info: SemanticInfo;
  /** Bytes of the model files, the runtime and the vectors. */
  modelBytes: number;
  runtimeBytes: number;
  vectorBytes: number;
}

/**
 * Makes the site search semantically in the browser: copies the model folder (only the weights
 * the index was embedded with), transformers.js's browser build and onnxruntime-web's
 * WebAssembly into the site, and writes the index's vectors as int8 shards, one per
 * vendor/version (each row scaled by its own max |x|, with the quantised row's inverse norm).
 *
 * @throws McdeweyError `INVALID_ARGUMENT` when the index has no vectors; `MODEL_NOT_FOUND` when
 *   the folder lacks a file or the weights of the index's dtype; `EMBEDDER_MISMATCH` when the
 *   model's width is not the index's; `EMBEDDER_UNAVAILABLE` when transformers.js or
 *   onnxruntime-web cannot be found to copy.
 */
export async function exportSemantic(
  library: Library,
  rows: readonly DocumentRow[],
  modelDir: string,
  writer: SiteWriter,
  options: { queryPrefix?: string | undefined; precision: 'int8' | 'float32'; onFile?: (done: number, total: number) => void },
): Promise<SemanticExport> {
  const fingerprint = library.manifest.embedder;
  if (!fingerprint || !library.manifest.vectors || !library.hasVectors) {
    throw new McdeweyError('INVALID_ARGUMENT', `--with-model needs an index ingested with an embedding model; ${library.dir} is lexical-only (re-ingest with --model or --model-dir)`, {
      details: { parameter: 'withModel' },
    });
  }
  const dir = resolve(modelDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new McdeweyError('MODEL_NOT_FOUND', `Model folder not found: ${dir}`, { details: { path: dir } });
  for (const file of REQUIRED_MODEL_FILES) {
    if (!existsSync(join(dir, file))) throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${file}`, { details: { path: dir, missing: file } });
  }
  const suffix = DTYPE_FILE_SUFFIX[fingerprint.dtype];
  const weights = `onnx/model${suffix ?? ''}.onnx`;
  if (suffix === undefined || !existsSync(join(dir, weights))) {
    throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${fingerprint.dtype} weights (${weights}), which the index's vectors were made with (${describeFingerprint(fingerprint)})`, {
      details: { path: dir, missing: weights },
    });
  }
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const width = config['hidden_size'] ?? config['dim'] ?? config['d_model'];
  if (typeof width === 'number' && width !== fingerprint.dimensions) {
    throw new McdeweyError('EMBEDDER_MISMATCH', `The model in ${dir} makes ${width}-dimensional vectors; the index was built with ${describeFingerprint(fingerprint)}`, {
      details: { expected: fingerprint },
    });
  }

  // The model: every file but weights of other dtypes.
  const modelName = safeName(basename(dir));
  const modelPath = `model/${modelName}/`;
  let modelBytes = 0;
  for (const file of await listFiles(dir)) {
    const path = relative(dir, file).split(sep).join('/');
    if (/^onnx\/.*\.onnx(_data)?$/.test(path) && !path.startsWith(`onnx/model${suffix}.onnx`)) continue;
    modelBytes += await writer.copy(file, `${modelPath}${path}`);
  }

  // The runtime: transformers.js's self-contained browser bundle and onnxruntime-web's wasm.
  const { transformersDist, ortDist } = locateRuntime();
  let runtimeBytes = await writer.copy(join(transformersDist, 'transformers.min.js'), 'assets/transformers/transformers.min.js');
  for (const file of ORT_FILES) runtimeBytes += await writer.copy(join(ortDist, file), `assets/ort/${file}`);

  // The vectors, int8, one shard per vendor/version.
  const dims = fingerprint.dimensions;
  const byVersion = new Map<string, DocumentRow[]>();
  for (const row of rows) byVersion.set(`${row.vendor}\u0000${row.version}`, [...(byVersion.get(`${row.vendor}\u0000${row.version}`) ?? []), row]);
  const shards: SemanticInfo['shards'] = [];
  let vectorBytes = 0;
  let done = 0;
  for (const documents of byVersion.values()) {
    const ranges = mergeRanges(documents.filter((document) => document.chunkCount > 0).map((document) => [document.firstRow, document.chunkCount]));
    const count = ranges.reduce((sum, [, n]) => sum + n, 0);
    const bytes = encodeVectors(ranges, count, dims, options.precision, (row) => library.vectorAt(row));
    const { vendor, version } = documents[0]!;
    const path = SITE_FILES.vectors(vendor, version);
    await writer.write(path, bytes);
    shards.push({ vendor, version, path, rows: ranges, count, bytes: bytes.length });
    vectorBytes += bytes.length;
    options.onFile?.(++done, byVersion.size);
  }

  const info: SemanticInfo = {
    modelPath,
    modelName,
    fingerprint: { ...fingerprint },
    queryPrefix: options.queryPrefix ?? findKnownModel(fingerprint.modelId)?.queryPrefix ?? (await promptOf(dir)) ?? '',
    dtype: fingerprint.dtype,
    precision: options.precision,
    runtime: 'assets/transformers/transformers.min.js',
    wasm: { mjs: `assets/ort/${ORT_FILES[0]}`, binary: `assets/ort/${ORT_FILES[1]}` },
    shards,
  };
  return { info, modelBytes, runtimeBytes, vectorBytes };
}

/**
 * One shard's bytes: a little-endian float32 inverse norm per row, then the rows. `int8` scales
 * each row by 127 / max |x| and rounds (the scale cancels out of the cosine), `float32` keeps it.
 */
function encodeVectors(ranges: readonly [number, number][], count: number, dims: number, precision: 'int8' | 'float32', rowOf: (row: number) => Float32Array): Uint8Array {
  const width = precision === 'int8' ? 1 : 4;
  const bytes = new Uint8Array(count * (4 + dims * width));
  const view = new DataView(bytes.buffer);
  let i = 0;
  for (const [first, n] of ranges) {
    for (let row = first; row < first + n; row++, i++) {
      const vector = rowOf(row);
      let norm = 0;
      if (precision === 'int8') {
        let max = 0;
        for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]!));
        const scale = max > 0 ? 127 / max : 0;
        for (let d = 0; d < dims; d++) {
          const q = Math.max(-127, Math.min(127, Math.round(vector[d]! * scale)));
          view.setInt8(count * 4 + i * dims + d, q);
          norm += q * q;
        }
      } else {
        for (let d = 0; d < dims; d++) {
          view.setFloat32(count * 4 + (i * dims + d) * 4, vector[d]!, true);
          norm += vector[d]! * vector[d]!;
        }
      }
      view.setFloat32(i * 4, norm > 0 ? 1 / Math.sqrt(norm) : 0, true);
    }
  }
  return bytes;
}

/** The folders of transformers.js's dist and onnxruntime-web's dist. */
function locateRuntime(): { transformersDist: string; ortDist: string } {
  const require = createRequire(import.meta.url);
  let transformersDist: string;
  let ortDist: string;
  try {
    transformersDist = dirname(require.resolve('@huggingface/transformers'));
    const fromTransformers = createRequire(join(transformersDist, '..', 'package.json'));
    ortDist = dirname(fromTransformers.resolve('onnxruntime-web'));
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', 'A site with a model needs @huggingface/transformers (and its onnxruntime-web) installed next to @mcdewey/static', { cause: error });
  }
  for (const [folder, file] of [[transformersDist, 'transformers.min.js'], ...ORT_FILES.map((name) => [ortDist, name])] as const) {
    if (!existsSync(join(folder, file)))
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot find ${file} in ${folder}; the installed transformers.js / onnxruntime-web is not the one this exporter knows`);
  }
  return { transformersDist, ortDist };
}

/** The query prompt a sentence-transformers model folder declares, if any. */
async function promptOf(dir: string): Promise<string | undefined> {
  const path = join(dir, 'config_sentence_transformers.json');
  if (!existsSync(path)) return undefined;
  try {
    const prompts = (JSON.parse(await readFile(path, 'utf8')) as { prompts?: Record<string, string> }).prompts;
    return typeof prompts?.['query'] === 'string' ? prompts['query'] : undefined;
  } catch {
    return undefined;
  }
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [first, count] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && last[0] + last[1] === first) last[1] += count;
    else merged.push([first, count]);
  }
  return merged;
}

function safeName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  return cleaned || 'model';
}

async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}
