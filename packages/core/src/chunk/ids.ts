import { McdeweyError } from '../errors.js';
import type { DocumentKey } from '../types.js';

const SLUG = /^[a-z0-9._-]+$/;
const SEPARATOR = '::';

/** True when `value` is a valid slug: lower case `[a-z0-9._-]`, never containing `::`. */
export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

/** `vendor::version::group::doc`, the id of a document. */
export function documentId(key: DocumentKey): string {
  return [key.vendor, key.version, key.group, key.doc].join(SEPARATOR);
}

/** `vendor::version::group::doc::n`, the citable id of the n-th (0-based) chunk of a document. */
export function chunkId(key: DocumentKey, n: number): string {
  return `${documentId(key)}${SEPARATOR}${n}`;
}

/** The parts of a chunk id. */
export interface ParsedChunkId extends DocumentKey {
  n: number;
}

/**
 * Parses `vendor::version::group::doc::n`.
 * @throws McdeweyError `INVALID_CHUNK_ID` naming what is wrong with the id.
 */
export function parseChunkId(id: string): ParsedChunkId {
  const parts = id.split(SEPARATOR);
  const expected = 'expected vendor::version::group::doc::n, e.g. etcd::v3.6::op-guide::recovery::0';
  if (parts.length !== 5) {
    throw new McdeweyError('INVALID_CHUNK_ID', `Invalid chunk id "${id}": ${expected}`, { details: { id } });
  }
  const [vendor, version, group, doc, ordinal] = parts as [string, string, string, string, string];
  for (const [name, value] of [
    ['vendor', vendor],
    ['version', version],
    ['group', group],
    ['doc', doc],
  ] as const) {
    if (!isSlug(value)) {
      throw new McdeweyError('INVALID_CHUNK_ID', `Invalid chunk id "${id}": ${name} "${value}" is not a slug of [a-z0-9._-]`, {
        details: { id, part: name },
      });
    }
  }
  if (!/^(0|[1-9][0-9]*)$/.test(ordinal)) {
    throw new McdeweyError('INVALID_CHUNK_ID', `Invalid chunk id "${id}": chunk number "${ordinal}" is not a non-negative integer`, {
      details: { id, part: 'n' },
    });
  }
  return { vendor, version, group, doc, n: Number(ordinal) };
}
