import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { encodeChunkChecksums } from '../../src/store/chunk-checksums.js';
import { encodeChunkOffsets, scanLineOffsets } from '../../src/store/chunk-offsets.js';

/**
 * What becomes of the manifest's record of a mutated file:
 * - `none`: left as it was, so the size and checksum checks meet the damage (the usual case);
 * - `reseal`: size and checksum recomputed (and, for `chunks.jsonl`, its offsets and line
 *   checksums), so the damaged bytes reach the parsers as if ingest had written them;
 * - `unchecked`: the index turned into one written before checksums (none recorded, no
 *   `chunks.crc`) with sizes recomputed, as an old index damaged on disk would look.
 */
export type Seal = 'none' | 'reseal' | 'unchecked';

/** A change to a file's bytes. Positions are taken modulo the file's size. */
export type ByteEdit = { op: 'flip'; at: number[]; xor: number[] } | { op: 'truncate'; keep: number } | { op: 'append'; bytes: Uint8Array } | { op: 'replace'; bytes: Uint8Array };

/** One damage done to a copy of an index. */
export type IndexMutation =
  | { kind: 'bytes'; file: string; edit: ByteEdit; seal: Seal }
  | { kind: 'delete'; file: string }
  /** One field of `manifest.json` set to `value`, or removed when `value` is `REMOVE`. */
  | { kind: 'manifest-field'; path: string[]; value: unknown }
  /** One field of one record of a JSON-lines file set to `value` (or removed), with the index resealed or unchecked. */
  | { kind: 'record-field'; file: 'documents.jsonl' | 'chunks.jsonl'; line: number; path: string[]; value: unknown; seal: Exclude<Seal, 'none'> };

/** The `value` of a field mutation that deletes the field. */
export const REMOVE = '<remove>';

/** The files and field paths of a pristine index, which mutations pick from. */
export interface IndexShape {
  /** Every file of the index, relative to it, `/`-separated (`model/onnx/model.onnx`). */
  files: string[];
  /** Every field path of `manifest.json` (objects too), `documents` entries aside from the first. */
  manifestPaths: string[][];
  /** Field paths of a document record and of a chunk record. */
  recordPaths: { 'documents.jsonl': string[][]; 'chunks.jsonl': string[][] };
  /** Lines in `documents.jsonl` and in `chunks.jsonl`. */
  lines: { 'documents.jsonl': number; 'chunks.jsonl': number };
}

/** Reads the shape of the index at `dir`. */
export function indexShape(dir: string): IndexShape {
  const manifest = readJson(join(dir, 'manifest.json')) as Record<string, unknown> & { documents: Record<string, unknown> };
  const [firstDocument] = Object.keys(manifest.documents);
  const manifestPaths = fieldPaths(manifest).filter((path) => path[0] !== 'documents' || path.length === 1 || path[1] === firstDocument);
  const firstRecord = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n')[0]!) as unknown;
  const lineCount = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '').length;
  return {
    files: listFiles(dir),
    manifestPaths,
    recordPaths: { 'documents.jsonl': fieldPaths(firstRecord('documents.jsonl')), 'chunks.jsonl': fieldPaths(firstRecord('chunks.jsonl')) },
    lines: { 'documents.jsonl': lineCount('documents.jsonl'), 'chunks.jsonl': lineCount('chunks.jsonl') },
  };
}

/** Values a damaged or hand-edited JSON field might hold. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    REMOVE,
    null,
    true,
    false,
    0,
    -1,
    1,
    1.5,
    3,
    2 ** 31,
    2 ** 32 + 1,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    '',
    'x',
    '..',
    '../../outside',
    '/etc/passwd',
    'crc32:00000000',
    'a::b',
    [],
    [1, 'x'],
    {},
    { a: 1 },
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), xor: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 512 }) }),
  fc.record({ op: fc.constant('replace' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
);

const seal: fc.Arbitrary<Seal> = fc.constantFrom('none', 'reseal', 'unchecked');

/** Any one mutation of an index of this shape. */
export function indexMutation(shape: IndexShape): fc.Arbitrary<IndexMutation> {
  const file = fc.constantFrom(...shape.files);
  const recordField = (name: 'documents.jsonl' | 'chunks.jsonl') =>
    fc.record({
      kind: fc.constant('record-field' as const),
      file: fc.constant(name),
      line: fc.nat({ max: shape.lines[name] - 1 }),
      path: fc.constantFrom(...shape.recordPaths[name]),
      value: hostileValue,
      seal: fc.constantFrom('reseal' as const, 'unchecked' as const),
    });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('bytes' as const), file, edit: byteEdit, seal }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('manifest-field' as const), path: fc.constantFrom(...shape.manifestPaths), value: hostileValue }) },
    { weight: 1, arbitrary: recordField('documents.jsonl') },
    { weight: 1, arbitrary: recordField('chunks.jsonl') },
  );
}

/** Damages the index at `dir` in place. */
export function applyIndexMutation(dir: string, mutation: IndexMutation): void {
  switch (mutation.kind) {
    case 'delete':
      rmSync(join(dir, mutation.file));
      return;
    case 'manifest-field': {
      const manifest = readJson(join(dir, 'manifest.json'));
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(setField(manifest, mutation.path, mutation.value), null, 2));
      return;
    }
    case 'bytes': {
      if (mutation.seal === 'unchecked') dropChecksums(dir);
      // `chunks.crc` is gone from an unchecked index: there is nothing left to damage but the manifest.
      const path = join(dir, existsIn(dir, mutation.file) ? mutation.file : 'manifest.json');
      writeFileSync(path, editBytes(readFileSync(path), mutation.edit));
      if (mutation.seal !== 'none') resealFile(dir, relative(dir, path));
      return;
    }
    case 'record-field': {
      if (mutation.seal === 'unchecked') dropChecksums(dir);
      const path = join(dir, mutation.file);
      const lines = readFileSync(path, 'utf8').split('\n');
      const records = lines.filter((line) => line !== '');
      const line = mutation.line % records.length;
      records[line] = JSON.stringify(setField(JSON.parse(records[line]!), mutation.path, mutation.value));
      writeFileSync(path, `${records.join('\n')}\n`);
      resealFile(dir, mutation.file);
      return;
    }
  }
}

/** A short description of a mutation for a failure message (byte arrays by length and head). */
export function describeMutation(mutation: IndexMutation): string {
  return JSON.stringify(mutation, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes: ${Buffer.from(value.subarray(0, 16)).toString('hex')}…>` : value));
}

function editBytes(bytes: Buffer, edit: ByteEdit): Buffer {
  switch (edit.op) {
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length === 0) return out;
      edit.at.forEach((at, i) => {
        const position = at % out.length;
        out[position] = out[position]! ^ (edit.xor[i % edit.xor.length] ?? 0xff);
      });
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, bytes.length === 0 ? 0 : edit.keep % bytes.length);
    case 'append':
      return Buffer.concat([bytes, edit.bytes]);
    case 'replace':
      return Buffer.from(edit.bytes);
  }
}

/** Records a file's new size (and checksum, when the index keeps them); for `chunks.jsonl` also rewrites its offsets and line checksums. */
export function resealFile(dir: string, file: string): void {
  const manifestPath = join(dir, 'manifest.json');
  if (file === 'manifest.json') return;
  const manifest = readJson(manifestPath) as { files: Record<string, { bytes: number; checksum?: string }> };
  const checked = Object.values(manifest.files).some((entry) => entry.checksum !== undefined);
  const record = (name: string, bytes: Buffer) => {
    manifest.files[name] = { bytes: bytes.length, ...(checked && name !== 'chunks.jsonl' ? { checksum: `crc32:${crc32(bytes).toString(16).padStart(8, '0')}` } : {}) };
  };
  if (file === 'chunks.jsonl') {
    const chunks = readFileSync(join(dir, file));
    const offsets = scanLineOffsets(join(dir, file));
    writeFileSync(join(dir, 'chunks.offsets'), encodeChunkOffsets(offsets));
    record('chunks.offsets', readFileSync(join(dir, 'chunks.offsets')));
    if (checked) {
      const lines = Uint32Array.from({ length: offsets.length - 1 }, (_, row) => crc32(chunks.subarray(offsets[row], offsets[row + 1])));
      writeFileSync(join(dir, 'chunks.crc'), encodeChunkChecksums(lines));
      record('chunks.crc', readFileSync(join(dir, 'chunks.crc')));
    }
  }
  record(file, readFileSync(join(dir, file)));
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

/** Turns the index into one written before checksums (see test/store/old-index.ts). */
function dropChecksums(dir: string): void {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = readJson(manifestPath) as { files: Record<string, { bytes: number; checksum?: string }> };
  delete manifest.files['chunks.crc'];
  for (const entry of Object.values(manifest.files)) delete entry.checksum;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  rmSync(join(dir, 'chunks.crc'), { force: true });
}

function setField(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value === REMOVE ? {} : value;
  let parent = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return root;
}

/** Every path to a field of a JSON value, parents before children. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

function listFiles(dir: string, under = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), under) : [relative(under, join(dir, name)).split('\\').join('/')]))
    .filter((file) => !file.startsWith('.'))
    .sort();
}

function existsIn(dir: string, file: string): boolean {
  try {
    statSync(join(dir, file));
    return true;
  } catch {
    return false;
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
