import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { isMcdeweyError } from '../errors.js';
import { describeFingerprint, fingerprintsMatch } from './fingerprint.js';
import type { ResolvedEmbedder } from './resolve.js';
import { MODEL_FOLDER_FILES, loadTransformersEmbedder, onnxWeightsFile } from './transformers.js';
import type { Embedder, EmbedderFingerprint } from './types.js';

/** Where the model an index was built with was loaded from at ingest, and what its files were. */
export interface ModelFolderRecord {
  /** The model folder, absolute. */
  path: string;
  /** `sha256:` and the hash of the files loading reads (see {@link modelFolderFingerprint}). */
  fingerprint: string;
}

const READ_BUFFER_BYTES = 1 << 20;

/**
 * A hash of what loading the model in `dir` with `dtype` weights reads: `config.json`, the two
 * tokenizer files, the ONNX weights and their external data file when there is one. The same
 * files give the same hash wherever the folder is; `undefined` when one of them is missing.
 */
export async function modelFolderFingerprint(dir: string, dtype: EmbedderFingerprint['dtype']): Promise<string | undefined> {
  const weights = onnxWeightsFile(dtype);
  const hash = createHash('sha256');
  for (const [name, required] of [...MODEL_FOLDER_FILES.map((file) => [file, true] as const), [weights, true] as const, [`${weights}_data`, false] as const]) {
    const found = await hashFile(join(dir, name), name, hash);
    if (!found && required) return undefined;
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The record ingest keeps for an embedder loaded from a local folder; none for other embedders. */
export async function modelFolderRecord(embedder: Embedder): Promise<ModelFolderRecord | undefined> {
  if (embedder.modelDir === undefined) return undefined;
  const fingerprint = await modelFolderFingerprint(embedder.modelDir, embedder.fingerprint.dtype);
  return fingerprint === undefined ? undefined : { path: embedder.modelDir, fingerprint };
}

/**
 * Loads the model from the folder an index recorded at ingest, when that folder still holds the
 * same files and the model loads with the index's fingerprint. Otherwise no embedder, and a
 * notice naming the folder and how to point at the model again (search is then lexical).
 */
export async function loadRecordedModel(record: ModelFolderRecord, expected: EmbedderFingerprint): Promise<ResolvedEmbedder> {
  const hint = `pass --model-dir DIR (or set MCDEWEY_MODEL_DIR) with the folder that holds ${expected.modelId}. Until then, search is lexical only.`;
  const fingerprint = await modelFolderFingerprint(record.path, expected.dtype);
  if (fingerprint === undefined) {
    return { notice: `This index was built with the embedding model in ${record.path}, which is gone or incomplete; ${hint}` };
  }
  if (fingerprint !== record.fingerprint) {
    return { notice: `This index was built with the embedding model in ${record.path}, whose files have changed since (another model?); re-ingest to use the new model, or ${hint}` };
  }
  let embedder: Embedder;
  try {
    embedder = await loadTransformersEmbedder({ modelDir: record.path, dtype: expected.dtype });
  } catch (error) {
    if (!isMcdeweyError(error, 'MODEL_NOT_FOUND') && !isMcdeweyError(error, 'EMBEDDER_UNAVAILABLE')) throw error;
    return { notice: `This index was built with the embedding model in ${record.path}, which no longer loads (${error.message}); ${hint}` };
  }
  if (!fingerprintsMatch(expected, embedder.fingerprint)) {
    await embedder.dispose?.();
    return {
      notice: `This index was built with ${describeFingerprint(expected)}; the model in ${record.path} is now ${describeFingerprint(embedder.fingerprint)}; ${hint}`,
    };
  }
  return { embedder };
}

/** Adds a file's name, size and bytes to `hash`; false when there is no such file. */
async function hashFile(path: string, name: string, hash: ReturnType<typeof createHash>): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const info = await file.stat();
    if (!info.isFile()) return false;
    hash.update(`${name}\0${info.size}\0`);
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return true;
  } finally {
    await file.close();
  }
}
