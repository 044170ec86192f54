import { isAbsolute } from 'node:path';
import { McdeweyError } from '../errors.js';
import { isChecksum } from './checksums.js';
import type { Manifest } from './manifest.js';
import { count, described, finite, flag, nullable, optional, positive, recordOf, shape, text, type Rule } from './shape-rules.js';

// A file of the index is named by a relative path inside it: no absolute path, no `..`.
const insidePath = described((value) => typeof value === 'string' && value !== '' && !/^[\\/]|^[a-zA-Z]:|(^|[\\/])\.\.([\\/]|$)|\0/.test(value), 'a path inside the index');
const checksum = described(isChecksum, 'crc32: and 8 hex digits');
const absolutePath = described((value) => typeof value === 'string' && isAbsolute(value) && !value.includes('\0'), 'an absolute path');

const fingerprint = shape({ modelId: text, dimensions: positive, pooling: text, normalized: flag, dtype: text });
const modelFolder = shape({ path: absolutePath, fingerprint: text });

/**
 * The fields a reader relies on, with their types. Settings a reader does not interpret (the
 * tokenizer's name, the ranking record) are left to their own code.
 */
const MANIFEST_FIELDS: Record<string, Rule> = {
  tool: shape({ name: text, version: text }),
  chunker: shape({ maxTokens: positive, version: count }),
  lexical: shape({ bm25: shape({ k: finite, b: finite }), boost: shape({ title: finite, headings: finite, text: finite }) }),
  embedder: nullable(fingerprint),
  modelFolder: optional(modelFolder),
  corpusDir: optional(absolutePath),
  pendingEmbedding: optional(shape({ since: text, embedder: optional(fingerprint), modelFolder: optional(modelFolder) })),
  vectors: nullable(shape({ count, dimensions: positive, M: positive, efConstruction: positive })),
  counts: shape({ documents: count, chunks: count, pages: count, vendors: count, versions: count }),
  documents: recordOf(shape({ contentHash: text, chunks: count })),
  files: recordOf(shape({ bytes: count, checksum: optional(checksum) }), insidePath),
};

/**
 * Checks that a parsed `manifest.json` (of a format this version reads) has every field a reader
 * uses, with the right types, so a damaged manifest is reported instead of failing later.
 * @throws McdeweyError `INDEX_CORRUPT` naming `manifest.json` and the first wrong field.
 */
export function checkManifestShape(value: Record<string, unknown>, dir: string): Manifest {
  for (const [key, rule] of Object.entries(MANIFEST_FIELDS)) {
    const problem = rule(value[key], key);
    if (problem) {
      throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: manifest.json field ${problem}; re-run mcdewey ingest`, {
        details: { dir, file: 'manifest.json', field: problem.split(' ')[0] },
      });
    }
  }
  return value as unknown as Manifest;
}
